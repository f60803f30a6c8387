// Package box is Tarantool's native API for Go: requests on spaces and
// indexes by name, stored procedures, Lua, SQL, streams and watchers, on
// the same iproto engine as the SQL driver (package tarantool), which it
// never imports.
//
// # Connecting
//
// [Connect] takes the same DSN as the SQL driver (engine.ParseDSN lists
// its parameters; box honours fetch_schema, reconnect_delay,
// max_reconnects and keepalive). [NewConn] runs box on a connection
// borrowed from database/sql through sql.Conn.Raw. A [Conn] is safe for
// concurrent use: requests from any number of goroutines are pipelined on
// one socket. Several Conns may share one connection (the pool's sockets
// are shared by default): each [Watcher] is a subscription of its own on
// it, so their watchers do not disturb each other.
//
// Over a replica set, a DSN with several hosts and target_session_attrs
// makes a Conn follow the instance of that role (with reconnect_delay it
// moves when the role moves); a [Pool] keeps a Conn per instance and
// routes each request by [Mode]: p.Get(ModeRW) for writes, ModeRO for
// reads on replicas.
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
// decode straight from the reply into structs (see below), []any, [Tuple]
// (fields by position and by name) or any Go value of a matching shape.
//
// # Structs and tuples
//
// A struct passed as a tuple (Insert, Replace, Upsert, keys and
// arguments) is encoded by iproto.AppendValue, and Decode fills one, by a
// single rule, so that a struct written reads back the same:
//
//   - The tuple is the struct's exported fields in declaration order.
//     Unexported fields and fields tagged `msgpack:"-"` are left out.
//   - An embedded struct, by value or pointer, exported or not, is
//     replaced by its fields, as encoding/json does: struct{Base; Name
//     string} with Base{ID int} is the tuple [ID, Name]. It stays one
//     nested field when its tag names it (`msgpack:"base"`, as
//     encoding/json; vmihailenco/msgpack/v5 would flatten it unless
//     `,noinline`), when tagged `msgpack:",noinline"`, or when its type
//     encodes itself (time.Time, decimal.Decimal, an iproto.Marshaler);
//     `msgpack:"name,inline"` flattens a named one.
//   - A field's name is its msgpack tag's name or its Go name; it is the
//     key the field is read from when the value is a MessagePack map (a
//     Lua table returned by Call or Eval).
//   - Names that clash follow Go's rule: an outer field hides an embedded
//     one of the same name. Two of one name at the same depth make the
//     type an error on both encode and decode, naming the two fields
//     (encoding/json would drop both; in a tuple, that would move every
//     field after them).
//   - omitempty and as_array change nothing: every field keeps its
//     position, as msgpack/v5 writes structs with as_array.
//   - A field behind a nil embedded pointer is encoded as nil, keeping
//     the positions after it. Decoding allocates the pointer when one of
//     its fields gets a value other than nil and leaves it nil otherwise;
//     a nil pointer to an unexported struct type cannot be allocated
//     through reflection and is an error (set it before decoding).
//   - Decoding ignores tuple fields beyond the struct's and zeroes the
//     struct's fields beyond a shorter tuple.
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
// *engine.ConnError, whose SafeToRetry says whether the request was never
// sent; so does a request whose context ends while it waits for a
// reconnection (SafeToRetry true, matching the context's error). Unknown
// names give *NameError, which lists the names that differ only in case;
// a reply value that does not fit its Go destination gives *TypeError,
// naming the field and both types (only malformed bytes match
// iproto.ErrMalformed); features the server's version lacks (streams,
// transactions and watchers before 2.10, pagination before 2.11) give
// *engine.UnsupportedError without sending anything.
package box
