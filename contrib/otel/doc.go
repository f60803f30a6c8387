// Package tntotel turns the tracer hooks of github.com/tntsql/tarantool
// into OpenTelemetry spans and metrics.
//
// A *Tracer is an engine.Tracer, an engine.ConnectTracer, an
// engine.ReconnectTracer and an engine.RoleTracer: set it as
// Config.Tracer, and every request of the SQL driver and of box, every
// Dial, every reconnection of box and every role change of a replica-set
// instance a connection follows get a span, and the request durations, the requests in flight and the open
// connections get metrics:
//
//	cfg, _ := tarantool.ParseDSN(dsn)
//	cfg.Tracer = tntotel.New()
//	connector, _ := tarantool.NewConnector(cfg)
//	db := sql.OpenDB(connector)
//
// # Spans
//
// Spans follow the stable OpenTelemetry database semantic conventions
// (semconv v1.43.0, the newest the otel module ships). A request's span
// is of kind Client, with db.system.name "tarantool", db.operation.name
// the request type as Tarantool names it ("SELECT", "EXECUTE", "CALL"
// ...), server.address and server.port (for a Unix socket, its path and
// no port) and:
//
//   - db.collection.name: the space name the caller gave with the
//     request (engine.RequestStart.Space, from CallOptions.SpaceName);
//     for a request that carries its space's id only,
//     tarantool.space.id instead (SpaceIDKey).
//   - db.stored_procedure.name: the function of a CALL (and CALL_16). A
//     Tarantool stored procedure is a function called by name; its name
//     is not query text, and it is low-cardinality, so it also names the
//     span.
//   - db.query.text: the SQL text of EXECUTE and PREPARE, and the Lua
//     expression of EVAL, unless WithQueryText(false). Both are
//     parameterized (the arguments travel apart from the text), which
//     is what the conventions record by default. Argument values are
//     never recorded.
//   - tarantool.stream.id: the stream of a request in a stream
//     (StreamIDKey), when it has one.
//
// The span name is "{db.operation.name} {target}": the target is the
// collection name when known, the function of a CALL, and
// server.address:server.port for operations that target no data (PING,
// ID, AUTH, BEGIN, COMMIT, ROLLBACK, the watchers'); a request that acts
// on data whose name is not known (a space by id, SQL text, EVAL) is
// named by its operation alone, as the conventions ask, since SQL text is
// not parsed.
//
// A failed request's span has status Error with the error's message,
// the error recorded as an exception event (WithErrorMessages(false)
// keeps the message out: a server's may quote request data), and
// error.type: the
// Tarantool error name for a server error (*iproto.Error, "ER_TUPLE_FOUND"),
// with db.response.status_code its code as a decimal string ("3");
// "context.Canceled" and "context.DeadlineExceeded" for those errors; the
// Go type of the error otherwise ("*engine.TimeoutError",
// "*engine.ConnError"), as semconv.ErrorType gives it. A request whose
// Future was released without a wait ends without error, with
// tarantool.request.abandoned = true (AbandonedKey).
//
// Dial gets a span named "connect" (server.address, server.port,
// network.transport); a failed one has the failed step in
// tarantool.connect.step (ConnectStepKey). Each reconnection attempt of
// box gets a span named "reconnect", with tarantool.reconnect.attempt and
// tarantool.reconnect.cause.
//
// # Metrics
//
//   - db.client.operation.duration (histogram, s, the conventions'
//     buckets): each request that ended with a reply or an error, with
//     db.system.name, server.address, server.port, db.operation.name,
//     db.collection.name and db.stored_procedure.name when known, and
//     error.type and db.response.status_code on failures. A request
//     released without a wait is not recorded: its outcome and duration
//     are unknown.
//   - tarantool.client.active_requests (up-down counter, {request}): the
//     requests sent and not yet ended, with the attributes above but the
//     error ones. The conventions define no such database metric (their
//     db.client.connection.pending_requests counts requests waiting for
//     a pooled connection), so it has the tarantool namespace, after
//     http.server.active_requests.
//   - db.client.connection.count (up-down counter, {connection}): the open
//     connections (sockets), counted from a successful Dial until the
//     connection is done, with db.system.name, server.address,
//     server.port, db.client.connection.pool.name (server.address:port,
//     or the socket path) and db.client.connection.state "used": a
//     Tarantool connection is shared by all its callers, never idle in a
//     pool.
package tntotel
