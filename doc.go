// Package tarantool is a database/sql driver for Tarantool: SQL over the
// server's binary protocol (IPROTO), with the server's column metadata,
// server-side prepared statements and interactive stream transactions.
//
//	import (
//		"database/sql"
//		_ "github.com/tntsql/tarantool"
//	)
//
//	db, err := sql.Open("tarantool", "tarantool://user:password@127.0.0.1:3301")
//
// # Opening
//
// The DSN is parsed by [ParseDSN]; [Config.FormatDSN] turns a [Config] back
// into one. Building a [Config] in code and calling sql.OpenDB with
// [NewConnector] is the first-class way in. The same DSN opens a native
// connection with package box.
//
// A DSN may name every instance of a replica set, with the role the pool's
// connections need:
//
//	tarantool://user:password@h1:3301,h2:3301,h3:3301?target_session_attrs=read-write
//
// New connections go to an instance of that role; one whose instance
// loses the role (a failover, learnt from the server) or answers
// ER_READONLY is dropped, and the pool dials the new one. A write that
// failed is not retried.
//
// A [Config.Tracer] sees every request, dial and role change (package
// tracelog logs them through log/slog); [Connector.Stats] counts the
// requests on the pool's sockets.
//
// # Statements and parameters
//
// Exec and Query send one EXECUTE request with the SQL text. Prepare
// sends PREPARE; the statement lives on the server until sql.Stmt.Close, and
// is prepared again, once, when DDL has expired it.
//
// Parameters are positional (?), numbered ($1, $2 ..., bound by position:
// PostgreSQL's style) or named (:name, @name) passed with sql.Named; a
// name written with both prefixes is one argument. Tarantool has no $name
// parameters. Tarantool matches a named parameter by its prefixed name
// and binds NULL to any parameter without a value, so the driver reads the
// SQL text (skipping literals, quoted identifiers and comments) and
// refuses a wrong count, a missing or unknown name, and a mix of kinds.
// [ValueConverter] lists the Go types accepted.
//
// A text is one statement: several separated by ';' are refused (the
// server runs one per request), and so is a text with a NUL byte (the
// server's parser would stop there and run what precedes it).
//
// # Transactions
//
// BeginTx opens an IPROTO stream and sends BEGIN (Tarantool 2.10+); every
// statement of the transaction runs in that stream. Isolation levels map
// to Tarantool's: default, read committed, linearizable (2.11+), and
// [LevelReadConfirmed] and [LevelBestEffort]. Anything else, read-only
// mode, and any transaction on an older server ([ErrTxUnsupported]) is an
// error. BEGIN, COMMIT and ROLLBACK sent as SQL text are refused: outside a
// stream the server would run each request in a transaction of its own.
//
// The server must run with box.cfg{memtx_use_mvcc_engine = true} for a
// transaction on memtx spaces: without it the server aborts the
// transaction when its first memtx statement's request ends. The driver
// follows each statement of a transaction with a probe in the same write
// and reports that abort at the statement ([ErrNoMVCC]), not at Commit.
// Vinyl transactions need no MVCC. Schema changes (CREATE, DROP, ALTER,
// TRUNCATE) inside a transaction are refused ([ErrDDLInTx]): the server
// would accept the statement and abort the transaction.
//
// BeginTx's context bounds the whole transaction, Commit included: a
// Commit whose reply does not come in time returns an error matching
// [ErrCommitUnknown], since the server may have committed. Rollback,
// which database/sql also runs when that context ends, waits at most
// request_timeout (or connect_timeout when unset) whatever the context.
//
// # Errors
//
// Server errors are *iproto.Error values with the code, message and
// MP_ERROR stack: errors.Is(err, iproto.ErTupleFound) tells a duplicate key.
// driver.ErrBadConn is returned only when the request never reached the
// server, so database/sql may retry it on another connection; a socket on
// which that happened is never handed out again, so the retry runs on a
// new one (and not on the same shared socket, Config.Sockets).
//
// # Raw access
//
// sql.Conn.Raw hands out the driver's [*Conn]: [Conn.Exec] returns a
// [*Result] with every autoincrement id, and [Conn.EngineConn] the protocol
// connection on which package box can run.
package tarantool
