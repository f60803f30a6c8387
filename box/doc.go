// Package box is Tarantool's native API for Go: requests on spaces and
// indexes, stored procedures and Lua, on the same iproto engine as the SQL
// driver (package tarantool), which it never imports.
//
// A [Conn] is opened from the same DSN the SQL driver takes ([Connect]), or
// wraps an iproto connection borrowed from database/sql through
// sql.Conn.Raw ([NewConn]). It is safe for concurrent use: requests from
// many goroutines are pipelined on one socket.
//
// This first version addresses spaces and indexes by id and returns tuples
// and results as decoded Go values ([]any); access by name, schema
// loading, struct decoding, streams and reconnection are to come.
package box
