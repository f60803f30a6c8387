// Package tntmigrate is a golang-migrate (github.com/golang-migrate/migrate/v4)
// database driver for Tarantool, on the tntsql database/sql driver.
//
// Importing it registers the URL schemes "tarantool" and "tarantool+unix",
// so that
//
//	m, err := migrate.New("file://migrations", "tarantool://app:s3cret@127.0.0.1:3301")
//
// works; the database URL is the driver's DSN, with the parameters below
// added (they are removed before the DSN reaches sql.Open). WithInstance
// takes a *sql.DB of your own.
//
//	x-migrations-table   the version table (default schema_migrations)
//	x-lock-table         the lock table (default <migrations table>_lock)
//	x-lock-timeout       how long Lock waits for another migrator (default 10s)
//	x-statement-timeout  a bound on each statement (default none)
//
// # Migrations
//
// Tarantool runs one SQL statement per request, so Run splits a migration
// file with tarantool.SplitStatements (';' inside literals, quoted names,
// comments and a CREATE TRIGGER's BEGIN ... END do not split) and runs the
// statements one at a time, outside any transaction: Tarantool cannot run
// DDL inside an interactive transaction, and 2.6 has none. A file is
// therefore not atomic: when its third statement fails the first two stay
// applied, and golang-migrate leaves the version dirty (fix the schema by
// hand, then migrate force). Keep one schema change per file where you can.
//
// # Bookkeeping
//
// The version table holds one row, id 1, read and written by primary key
// (no full scan, which Tarantool 3.x refuses without sql_seq_scan=true).
// Table names are written unquoted, so the server stores them upper-cased
// on 2.x (SCHEMA_MIGRATIONS) and as written on 3.x.
//
// # Locking
//
// Lock inserts the row id 1 into the lock table; the primary key makes a
// second insert fail, so only one migrator at a time holds it, across
// processes and hosts. A Lock that finds the row taken retries until
// LockTimeout and then fails with an error that matches
// database.ErrLocked and names the holder (host, process id) and since
// when. Unlock deletes the row it inserted. The lock is not tied to a
// session: a migrator that dies holding it leaves the row behind, and every
// later Lock fails until it is removed, with ForceUnlock or by hand:
//
//	DELETE FROM schema_migrations_lock WHERE id = 1
//
// # Drop
//
// Drop reads the user spaces from the catalogue view _vspace by a primary
// key range (id >= 512, the first id of a user space, so no full scan)
// and drops them with DROP VIEW / DROP TABLE, views first, then tables in
// as many rounds as foreign keys need. Spaces whose names begin with '_'
// and the lock table are kept; the version table is dropped, as
// golang-migrate expects. Sequences made in Lua (box.schema.sequence) are
// not dropped: SQL has no DROP SEQUENCE.
package tntmigrate
