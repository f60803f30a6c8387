// Package crud is a client of Tarantool's crud module
// (github.com/tarantool/crud): the operations of a sharded (vshard)
// cluster, called on its routers, with rows decoded into Go structs by
// field name straight from the reply.
//
// The cluster runs vshard and crud: crud.init_storage() on every storage,
// crud.init_router() on every router (crud.cfg{stats = true} for Stats).
// The Client calls the router functions (crud.insert, crud.select ...)
// over box's connections: pipelined, safe for concurrent use, with
// several routers behind one Client.
//
//	c, err := crud.Connect(ctx, "tarantool://app:secret@router1:3301,router2:3301")
//	var cu Customer
//	err = c.InsertObject(ctx, "customers", Customer{ID: 1, Name: "Ann"}).Decode(&cu)
//	err = c.Get(ctx, "customers", uint64(1)).Decode(&cu)
//	var adults []Customer
//	err = c.Select(ctx, "customers", []crud.Condition{crud.Ge("age", 18)}, crud.First(100)).Decode(&adults)
//
// # Rows
//
// crud answers {metadata, rows}: the space format, then the tuples. A
// Result's Decode puts each tuple field into the struct field of the same
// name (its msgpack tag or Go name), so the struct's field order is free;
// fields the metadata does not name stay zero (with Fields, only the asked
// fields and the keys come back). Rows also decode into box.Tuple (Get and
// Map by name) or []any. A field named bucket_id receives the
// bucket id; left zero on a write, crud computes it from the sharding key.
//
// Objects (InsertObject, ReplaceObject, UpsertObject and their batches)
// are written by name; tuples (Insert, Replace, Upsert) in the space's
// field order, as box writes a struct.
//
// # Errors
//
// A crud error is an *Error: its class ("InsertError", "GetError",
// "CallError" ...), message, and place. A batch answers the rows that
// succeeded and a *BatchError with one *Error per failed tuple, each with
// its OperationData; errors.As finds an *Error in it. Errors of the
// connection are box's: *engine.ConnError, which says whether the request
// may have reached the router.
//
// # Routers and failover
//
// Connect takes a DSN naming one or more routers and opens a box.Pool
// over them; New takes any pool. Each request goes to one router that is
// up. A request whose router's connection fails is sent again through
// another router when it certainly did not reach the first; reads are
// sent again in any case, writes never when they may have run. A storage
// master's failure is vshard's to handle: the router answers its error
// (a *Error) until it finds the new master.
//
// # Big results
//
// Select returns the whole result in one reply; Pairs reads it page by
// page with After, so memory holds one page however large the result.
package crud
