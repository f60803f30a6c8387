// Package box is Tarantool's native API for Go: requests on spaces and
// indexes by name, stored procedures, Lua, SQL, streams and watchers, on
// the same iproto engine as the SQL driver (package tarantool), which it
// never imports.
//
// # Connecting
//
// [Connect] takes the same DSN as the SQL driver (iproto.ParseDSN lists
// its parameters; box honours fetch_schema, reconnect_delay,
// max_reconnects and keepalive). [NewConn] runs box on a connection
// borrowed from database/sql through sql.Conn.Raw. A [Conn] is safe for
// concurrent use: requests from any number of goroutines are pipelined on
// one socket.
//
// # Requests and results
//
// Every request method returns a [Result] at once, with the request
// already sent; the reply is waited for when the Result is read. The
// usual form chains the two:
//
//	var users []User
//	err := c.Select(ctx, "users", "by_email", email, nil).Decode(&users)
//
// while keeping several Results and reading them later puts many requests
// in flight from one goroutine. A Result is read once: Decode, Tuples,
// Values, Err and Release each consume it, and a Result consumed already
// gives [ErrConsumed] (Release does nothing), never another request's
// reply. Spaces and indexes are named or given by
// id; a key is an array or, for a one-part key, a single value. Tuples
// decode straight from the reply into structs (fields in order, msgpack
// tags honoured), []any, [Tuple] (fields by position and by name) or any
// Go value of a matching shape.
//
// # Schema
//
// Names are resolved with the schema read from _vspace and _vindex. A
// request that used names carries the schema version it was resolved at;
// when DDL has changed the schema since, the server refuses it unexecuted
// and box reloads the schema and sends the request once more. [Conn.Schema]
// and [Conn.RefetchSchema] expose the definitions.
//
// # Errors
//
// Server errors are *iproto.Error, with the code (errors.Is(err,
// iproto.ErTupleFound)) and the error stack. A broken connection gives
// *iproto.ConnError, whose SafeToRetry says whether the request was never
// sent; so does a request whose context ends while it waits for a
// reconnection (SafeToRetry true, matching the context's error). Unknown
// names give *NameError, which lists the names that differ only in case;
// a reply value that does not fit its Go destination gives *TypeError,
// naming the field and both types (only malformed bytes match
// iproto.ErrMalformed); features the server's version lacks (streams,
// transactions and watchers before 2.10, pagination before 2.11) give
// *UnsupportedError without sending anything.
package box
