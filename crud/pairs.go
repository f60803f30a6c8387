package crud

import (
	"context"
	"errors"
	"fmt"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/iproto"
)

// DefaultPageSize is the number of rows Pairs reads per request unless
// BatchSize says otherwise.
const DefaultPageSize = 1000

// Iterator reads the rows of a select page by page, as crud.pairs does:
// each page is one crud.select of BatchSize rows (DefaultPageSize unless
// given) after the last row of the page before, so the client holds one
// page at a time whatever the result's size. Use it as sql.Rows:
//
//	it := c.Pairs(ctx, "customers", []crud.Condition{crud.Ge("age", 30)})
//	for it.Next() {
//		var cu Customer
//		if err := it.Decode(&cu); err != nil { ... }
//	}
//	if err := it.Err(); err != nil { ... }
//
// First limits the rows in all; a negative First is refused (pairs reads
// forward). An Iterator is for one goroutine.
type Iterator struct {
	c     *Client
	ctx   context.Context
	space string
	conds conditions
	opts  options // the caller's, without first and after
	page  int     // rows per request
	limit int     // rows in all; -1 for no limit
	read  int     // rows returned so far
	after any     // the caller's After, for the first page

	buf    []byte // the current page's rows, copied from its reply
	dec    iproto.Decoder
	left   int    // rows of the page not yet returned
	row    []byte // the current row, in buf
	last   []byte // the last row of the page, for after (own copy)
	format *box.Format
	done   bool // no page after this one
	err    error
}

// Pairs returns an Iterator over the rows that meet every condition.
func (c *Client) Pairs(ctx context.Context, space string, conds []Condition, opts ...Option) *Iterator {
	it := &Iterator{c: c, ctx: ctx, space: space, conds: conds, page: DefaultPageSize, limit: -1}
	for _, o := range opts {
		switch o.name {
		case "first":
			n, _ := o.value.(int)
			if n < 0 {
				it.err = fmt.Errorf("crud: Pairs reads forward: First(%d) is negative", n)
			}
			it.limit = n
			continue
		case "after":
			it.after = o.value // the first page starts after it
			continue
		case "batch_size":
			if n, ok := o.value.(int); ok && n > 0 {
				it.page = n
			}
		}
		it.opts = append(it.opts, o)
	}
	return it
}

// Next moves to the next row, reading the next page when the current one
// is done; false at the end or on an error (Err says which).
func (it *Iterator) Next() bool {
	if it.err != nil || (it.limit >= 0 && it.read >= it.limit) {
		return false
	}
	for it.left == 0 {
		if it.done {
			return false
		}
		if err := it.fetch(); err != nil {
			it.err = err
			return false
		}
	}
	start := it.dec.Offset()
	if err := it.dec.Skip(); err != nil {
		it.err = err
		return false
	}
	it.row = it.buf[start:it.dec.Offset()]
	it.left--
	it.read++
	if it.left == 0 {
		it.last = append(it.last[:0], it.row...)
	}
	return true
}

// Decode decodes the current row into dst, as Result.Decode decodes one.
func (it *Iterator) Decode(dst any) error {
	if it.row == nil {
		return errors.New("crud: Iterator.Decode before Next")
	}
	return box.DecodeTuple(it.row, it.format, dst)
}

// Err returns the error that ended the iteration, nil at its end.
func (it *Iterator) Err() error { return it.err }

// fetch reads the next page.
func (it *Iterator) fetch() error {
	first := it.page
	if it.limit >= 0 && it.limit-it.read < first {
		first = it.limit - it.read
	}
	opts := append(make(options, 0, len(it.opts)+2), it.opts...)
	opts = append(opts, Option{"first", first})
	if it.last != nil {
		opts = append(opts, Option{"after", iproto.RawValue(it.last)})
	} else if it.after != nil {
		opts = append(opts, Option{"after", it.after})
	}
	res := it.c.do(it.ctx, true, "crud.select", it.space, it.conds, opts)
	return res.raw(func(data []byte) error {
		rows, format, err := it.c.splitReply(iproto.NewDecoder(data))
		if err != nil {
			return err
		}
		it.format = format
		it.buf = append(it.buf[:0], rows...)
		if len(it.buf) == 0 {
			it.buf = append(it.buf, emptyArray...)
		}
		it.dec.Reset(it.buf)
		n, err := it.dec.ArrayLen()
		if err != nil {
			return err
		}
		it.left = n
		it.done = n < first
		if it.limit >= 0 && it.read+n >= it.limit {
			it.done = true
		}
		return nil
	})
}
