package crud

import (
	"context"
	"fmt"
	"reflect"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/iproto"
)

// The batch operations take a slice of tuples or objects (each as the
// single operations take them) and answer the rows that succeeded; the
// tuples that failed are a *BatchError from Decode or Err, one *Error
// each with its OperationData. StopOnError stops at the first failure,
// RollbackOnError undoes a storage's part of the batch when one of its
// tuples fails.

// InsertMany inserts tuples (crud.insert_many); tuples is a slice.
func (c *Client) InsertMany(ctx context.Context, space string, tuples any, opts ...Option) Result {
	return c.batch(ctx, "crud.insert_many", space, tuples, false, opts)
}

// InsertObjectMany inserts objects (crud.insert_object_many); objects is
// a slice.
func (c *Client) InsertObjectMany(ctx context.Context, space string, objects any, opts ...Option) Result {
	return c.batch(ctx, "crud.insert_object_many", space, objects, true, opts)
}

// ReplaceMany inserts or replaces tuples (crud.replace_many).
func (c *Client) ReplaceMany(ctx context.Context, space string, tuples any, opts ...Option) Result {
	return c.batch(ctx, "crud.replace_many", space, tuples, false, opts)
}

// ReplaceObjectMany inserts or replaces objects (crud.replace_object_many).
func (c *Client) ReplaceObjectMany(ctx context.Context, space string, objects any, opts ...Option) Result {
	return c.batch(ctx, "crud.replace_object_many", space, objects, true, opts)
}

// TupleOps is one element of UpsertMany: a tuple and the operations to
// apply when its key exists.
type TupleOps struct {
	Tuple any
	Ops   *box.Ops
}

// UpsertMany upserts each tuple with its operations (crud.upsert_many).
func (c *Client) UpsertMany(ctx context.Context, space string, batch []TupleOps, opts ...Option) Result {
	return c.do(ctx, false, "crud.upsert_many", space, upserts{batch, false}, options(opts))
}

// ObjectOps is one element of UpsertObjectMany: an object and the
// operations to apply when its key exists.
type ObjectOps struct {
	Object any
	Ops    *box.Ops
}

// UpsertObjectMany upserts each object with its operations
// (crud.upsert_object_many).
func (c *Client) UpsertObjectMany(ctx context.Context, space string, batch []ObjectOps, opts ...Option) Result {
	tops := make([]TupleOps, len(batch))
	for i, b := range batch {
		tops[i] = TupleOps{b.Object, b.Ops}
	}
	return c.do(ctx, false, "crud.upsert_object_many", space, upserts{tops, true}, options(opts))
}

func (c *Client) batch(ctx context.Context, function, space string, list any, objects bool, opts []Option) Result {
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return Result{err: fmt.Errorf("crud: %s takes a slice of tuples or objects, not %T", function, list)}
	}
	return c.do(ctx, false, function, space, many{rv, objects}, options(opts))
}

// many writes a batch: each element as tuple or object writes it.
type many struct {
	list    reflect.Value
	objects bool
}

func (m many) AppendMsgpack(dst []byte) ([]byte, error) {
	n := m.list.Len()
	dst = iproto.AppendArrayHeader(dst, n)
	var err error
	for i := 0; i < n; i++ {
		v := m.list.Index(i).Interface()
		if m.objects {
			dst, err = object{v}.AppendMsgpack(dst)
		} else {
			dst, err = tuple{v}.AppendMsgpack(dst)
		}
		if err != nil {
			return dst, fmt.Errorf("crud: element %d of the batch: %w", i, err)
		}
	}
	return dst, nil
}

// upserts writes {{tuple, operations}, ...}.
type upserts struct {
	list    []TupleOps
	objects bool
}

func (u upserts) AppendMsgpack(dst []byte) ([]byte, error) {
	dst = iproto.AppendArrayHeader(dst, len(u.list))
	var err error
	for i, e := range u.list {
		dst = iproto.AppendArrayHeader(dst, 2)
		if u.objects {
			dst, err = object{e.Tuple}.AppendMsgpack(dst)
		} else {
			dst, err = tuple{e.Tuple}.AppendMsgpack(dst)
		}
		if err == nil {
			dst, err = e.Ops.AppendLua(dst)
		}
		if err != nil {
			return dst, fmt.Errorf("crud: element %d of the batch: %w", i, err)
		}
	}
	return dst, nil
}
