package crud

import (
	"context"
	"fmt"

	"github.com/tntsql/tarantool/iproto"
)

// Select reads the rows that meet every condition (crud.select), ordered
// by the index of the first condition (else by primary key), at most
// First of them, from After on. For a result of any size, Pairs reads it
// page by page instead of all at once.
func (c *Client) Select(ctx context.Context, space string, conds []Condition, opts ...Option) Result {
	return c.do(ctx, true, "crud.select", space, conditions(conds), options(opts))
}

// Min reads the row with the smallest key of an index (crud.min), by its
// name (or its number, as an int).
func (c *Client) Min(ctx context.Context, space string, index any, opts ...Option) Result {
	return c.do(ctx, true, "crud.min", space, index, options(opts))
}

// Max reads the row with the largest key of an index (crud.max).
func (c *Client) Max(ctx context.Context, space string, index any, opts ...Option) Result {
	return c.do(ctx, true, "crud.max", space, index, options(opts))
}

// Count counts the rows that meet every condition across the cluster
// (crud.count).
func (c *Client) Count(ctx context.Context, space string, conds []Condition, opts ...Option) (uint64, error) {
	return c.number(c.do(ctx, true, "crud.count", space, conditions(conds), options(opts)))
}

// Len counts the tuples of a space across the cluster (crud.len).
func (c *Client) Len(ctx context.Context, space string, opts ...Option) (uint64, error) {
	return c.number(c.do(ctx, true, "crud.len", space, options(opts)))
}

// number reads a reply [n, error].
func (c *Client) number(res Result) (uint64, error) {
	var n uint64
	err := res.raw(func(data []byte) error {
		return c.values(data, func(d *iproto.Decoder) (err error) {
			n, err = d.Uint()
			return err
		})
	})
	return n, err
}

// values reads a reply [value, error] whose value is not {metadata,
// rows}: the error when there is one, else value decoded by read.
func (c *Client) values(data []byte, read func(d *iproto.Decoder) error) error {
	d := iproto.NewDecoder(data)
	n, err := d.ArrayLen()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("crud: the reply holds no value")
	}
	value, err := d.Raw()
	if err != nil {
		return err
	}
	if n > 1 {
		crudErr, err := decodeError(d)
		if err != nil {
			return err
		}
		if crudErr != nil {
			return crudErr
		}
	}
	return read(iproto.NewDecoder(value))
}
