package box

import (
	"context"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Iterator is how Select walks an index.
type Iterator = iproto.Iterator

// Iterators.
const (
	Eq            = iproto.IterEq            // key == x, ascending (default)
	Req           = iproto.IterReq           // key == x, descending
	All           = iproto.IterAll           // every tuple
	Lt            = iproto.IterLt            // key < x, descending
	Le            = iproto.IterLe            // key <= x, descending
	Ge            = iproto.IterGe            // key >= x
	Gt            = iproto.IterGt            // key > x
	BitsAllSet    = iproto.IterBitsAllSet    // bitset: all bits of x set
	BitsAnySet    = iproto.IterBitsAnySet    // bitset: any bit of x set
	BitsAllNotSet = iproto.IterBitsAllNotSet // bitset: no bit of x set
	Overlaps      = iproto.IterOverlaps      // rtree: overlapping x
	Neighbor      = iproto.IterNeighbor      // rtree: nearest to x first
)

// SelectOpts are the optional parts of a Select; nil means iterator Eq,
// no limit, no offset.
type SelectOpts struct {
	Iterator Iterator
	Limit    uint32 // 0: no limit
	Offset   uint32
	// Pagination (2.11+): FetchPosition asks for Result.Position, the
	// position after the last tuple returned; After (a position) or
	// AfterTuple (a tuple of the space) starts after it.
	FetchPosition bool
	After         []byte
	AfterTuple    any
}

// Select returns the tuples of an index of a space matching key. space is
// a name or an id; index is a name, an id, or nil for the primary key;
// key is an array ([]any{1, "a"}, a struct), a single value for a
// one-part key, or nil for every tuple (with iterator All or Ge).
func (h *handle) Select(ctx context.Context, space, index, key any, opts *SelectOpts) Result {
	r := newResult()
	r.tuples = true
	r.sel = iproto.Select{Key: key}
	if opts != nil {
		r.sel.Iterator, r.sel.Limit, r.sel.Offset = opts.Iterator, opts.Limit, opts.Offset
		r.sel.FetchPosition, r.sel.After, r.sel.AfterTuple = opts.FetchPosition, opts.After, opts.AfterTuple
		if opts.FetchPosition || opts.After != nil || opts.AfterTuple != nil {
			if ic, err := h.conn(ctx); err != nil {
				r.err = err
			} else if !ic.HasFeature(iproto.FeaturePagination) {
				r.err = &engine.UnsupportedError{Feature: "pagination (FetchPosition, After)", Need: iproto.VersionPagination, Server: ic.ServerVersion()}
			}
		}
	}
	return h.run(ctx, r, space, index, buildSelect)
}

func buildSelect(r *result) iproto.Request {
	r.sel.SpaceID, r.sel.IndexID = r.t.spaceID, r.t.indexID
	return &r.sel
}

// Get returns the tuple with key in a unique index into dst (a pointer to
// a struct, []any, Tuple ...); ErrNotFound when there is none.
func (h *handle) Get(ctx context.Context, space, index, key, dst any) error {
	return h.Select(ctx, space, index, key, &SelectOpts{Limit: 1}).Decode(dst)
}

// Insert inserts tuple (an array: []any, a struct of fields in order) and
// returns the inserted tuple; ER_TUPLE_FOUND if its key exists.
func (h *handle) Insert(ctx context.Context, space, tuple any) Result {
	r := newResult()
	r.tuples = true
	r.ins.Tuple = tuple
	return h.run(ctx, r, space, nil, buildInsert)
}

func buildInsert(r *result) iproto.Request {
	r.ins.SpaceID = r.t.spaceID
	return &r.ins
}

// Replace inserts tuple, or replaces the tuple with the same primary key,
// and returns it.
func (h *handle) Replace(ctx context.Context, space, tuple any) Result {
	r := newResult()
	r.tuples = true
	r.rep.Tuple = tuple
	return h.run(ctx, r, space, nil, buildReplace)
}

func buildReplace(r *result) iproto.Request {
	r.rep.SpaceID = r.t.spaceID
	return &r.rep
}

// Update applies ops to the tuple with key in a unique index and returns
// the new tuple (none when no tuple matched).
func (h *handle) Update(ctx context.Context, space, index, key any, ops *Ops) Result {
	r := newResult()
	r.tuples = true
	r.upd = iproto.Update{Key: key, Ops: ops}
	return h.run(ctx, r, space, index, buildUpdate)
}

func buildUpdate(r *result) iproto.Request {
	r.upd.SpaceID, r.upd.IndexID = r.t.spaceID, r.t.indexID
	return &r.upd
}

// Upsert inserts tuple, or applies ops to the tuple with the same primary
// key. It returns no tuple.
func (h *handle) Upsert(ctx context.Context, space, tuple any, ops *Ops) Result {
	r := newResult()
	r.tuples = true
	r.ups = iproto.Upsert{Tuple: tuple, Ops: ops}
	return h.run(ctx, r, space, nil, buildUpsert)
}

func buildUpsert(r *result) iproto.Request {
	r.ups.SpaceID = r.t.spaceID
	return &r.ups
}

// Delete deletes the tuple with key in a unique index and returns it
// (none when no tuple matched).
func (h *handle) Delete(ctx context.Context, space, index, key any) Result {
	r := newResult()
	r.tuples = true
	r.del.Key = key
	return h.run(ctx, r, space, index, buildDelete)
}

func buildDelete(r *result) iproto.Request {
	r.del.SpaceID, r.del.IndexID = r.t.spaceID, r.t.indexID
	return &r.del
}
