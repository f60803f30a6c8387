package crud

import (
	"context"

	"github.com/tntsql/tarantool/box"
)

// luaOps writes update operations as Lua's space:update takes them (crud
// passes them on): field numbers 1-based.
type luaOps struct{ ops *box.Ops }

func (o luaOps) AppendMsgpack(dst []byte) ([]byte, error) { return o.ops.AppendLua(dst) }

// Insert inserts a tuple (crud.insert): a []any in the space's field
// order, or a struct whose fields follow it. A bucket_id of nil, or a
// struct's bucket_id field left zero, is computed by crud from the
// sharding key. The reply's row is the tuple inserted.
func (c *Client) Insert(ctx context.Context, space string, t any, opts ...Option) Result {
	return c.do(ctx, false, "crud.insert", space, tuple{t}, options(opts))
}

// InsertObject inserts an object (crud.insert_object): a struct, written
// as a map by field name (the msgpack tag or the Go name), or a
// map[string]any. A bucket_id left out (or zero in a struct) is computed
// by crud.
func (c *Client) InsertObject(ctx context.Context, space string, obj any, opts ...Option) Result {
	return c.do(ctx, false, "crud.insert_object", space, object{obj}, options(opts))
}

// Get reads the tuple with the given primary key (crud.get): a scalar for
// a one-part key, a []any otherwise. Decode into a single value returns
// ErrNotFound when there is none.
func (c *Client) Get(ctx context.Context, space string, key any, opts ...Option) Result {
	return c.do(ctx, true, "crud.get", space, key, options(opts))
}

// Replace inserts or replaces a tuple (crud.replace), given as Insert's.
func (c *Client) Replace(ctx context.Context, space string, t any, opts ...Option) Result {
	return c.do(ctx, false, "crud.replace", space, tuple{t}, options(opts))
}

// ReplaceObject inserts or replaces an object (crud.replace_object),
// given as InsertObject's.
func (c *Client) ReplaceObject(ctx context.Context, space string, obj any, opts ...Option) Result {
	return c.do(ctx, false, "crud.replace_object", space, object{obj}, options(opts))
}

// Update applies box update operations to the tuple with the given key
// (crud.update): fields by name, or by 0-based number as box.Ops counts
// them. The reply's row is the updated tuple; none when the key is not
// there.
func (c *Client) Update(ctx context.Context, space string, key any, ops *box.Ops, opts ...Option) Result {
	return c.do(ctx, false, "crud.update", space, key, luaOps{ops}, options(opts))
}

// Upsert inserts a tuple, or applies ops to the tuple with its primary
// key when there is one (crud.upsert). The reply holds no row.
func (c *Client) Upsert(ctx context.Context, space string, t any, ops *box.Ops, opts ...Option) Result {
	return c.do(ctx, false, "crud.upsert", space, tuple{t}, luaOps{ops}, options(opts))
}

// UpsertObject is Upsert with an object (crud.upsert_object).
func (c *Client) UpsertObject(ctx context.Context, space string, obj any, ops *box.Ops, opts ...Option) Result {
	return c.do(ctx, false, "crud.upsert_object", space, object{obj}, luaOps{ops}, options(opts))
}

// Delete deletes the tuple with the given key (crud.delete); the reply's
// row is the deleted tuple, none when there was none.
func (c *Client) Delete(ctx context.Context, space string, key any, opts ...Option) Result {
	return c.do(ctx, false, "crud.delete", space, key, options(opts))
}
