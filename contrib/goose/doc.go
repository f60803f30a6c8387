// Package tntgoose runs goose (github.com/pressly/goose/v3) migrations on
// Tarantool through the tntsql database/sql driver: a goose Store for
// Tarantool SQL, and NewProvider, which makes a goose.Provider with that
// store and the options Tarantool needs:
//
//	db, _ := sql.Open("tarantool", "tarantool://app:s3cret@127.0.0.1:3301")
//	p, err := tntgoose.NewProvider(db, os.DirFS("migrations"))
//	results, err := p.Up(ctx)
//
// # What Tarantool needs
//
// Tarantool runs no DDL inside an interactive transaction (the driver
// refuses it with tarantool.ErrDDLInTx), and 2.6 to 2.9 have no
// interactive transactions at all, while goose by default runs each
// migration and its version row in one. NewProvider therefore sets
// goose.WithIsolateDDL(true): every migration runs outside a transaction,
// statement by statement, and its version row is written after it. A
// migration that fails halfway leaves its earlier statements applied and
// no version row: repair the schema by hand before running it again.
//
// # Statements
//
// goose splits a SQL file itself: a statement ends at a line that ends
// with ';', so a ';' inside a literal in mid-line is fine, but a literal
// or comment with a ';' at the end of a line splits there; wrap such a
// statement in -- +goose StatementBegin / StatementEnd. Each piece goose
// sends must be one statement. A CREATE TRIGGER's BEGIN ... END body has
// lines ending in ';': wrap it in StatementBegin / StatementEnd, and the
// driver takes it whole, as one statement.
//
// # The version table
//
// Store keeps goose's table (goose_db_version by default) with an
// AUTOINCREMENT id, the version, the applied flag and the time as an
// RFC 3339 string (Tarantool 2.6 has no DATETIME), and an index on the
// version. Every query uses the primary key or that index, so none is a
// full scan, which Tarantool 3.x refuses without sql_seq_scan=true. The
// name is written unquoted: GOOSE_DB_VERSION on 2.x, goose_db_version on
// 3.x.
//
// goose's locking (WithSessionLocker, WithLocker) has no Tarantool
// implementation here: run one migrator at a time.
package tntgoose
