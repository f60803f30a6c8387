package box

import (
	"context"

	"github.com/tntsql/tarantool/iproto"
)

// Conn runs box requests on an iproto connection.
type Conn struct {
	ic  *iproto.Conn
	own bool // Close closes ic
}

// Connect opens a connection from a DSN, as the SQL driver does
// (iproto.ParseDSN lists the parameters).
func Connect(ctx context.Context, dsn string) (*Conn, error) {
	cfg, err := iproto.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	ic, err := iproto.Dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &Conn{ic: ic, own: true}, nil
}

// NewConn runs box requests on an existing connection, for example the
// one behind a database/sql connection:
//
//	conn.Raw(func(dc any) error {
//		b := box.NewConn(dc.(*tarantool.Conn).IprotoConn())
//		...
//	})
//
// Close does not close a borrowed connection.
func NewConn(ic *iproto.Conn) *Conn { return &Conn{ic: ic} }

// Close closes the connection if Connect opened it.
func (c *Conn) Close() error {
	if c.own {
		return c.ic.Close()
	}
	return nil
}

// IprotoConn returns the underlying connection.
func (c *Conn) IprotoConn() *iproto.Conn { return c.ic }

// Ping checks that the server answers.
func (c *Conn) Ping(ctx context.Context) error {
	_, err := c.Do(ctx, iproto.Ping{})
	return err
}

// Do sends any request and returns the reply's DATA decoded with
// iproto.Response.DecodeData (nil for a reply without DATA). Server errors
// are *iproto.Error.
func (c *Conn) Do(ctx context.Context, req iproto.Request) ([]any, error) {
	resp, err := c.ic.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	defer resp.Release()
	return resp.DecodeData()
}

// Select returns the tuples of index indexID of space spaceID matching key
// with iterator it, at most limit of them (0: no limit).
func (c *Conn) Select(ctx context.Context, spaceID, indexID uint32, it iproto.Iterator, key any, limit uint32) ([]any, error) {
	return c.Do(ctx, &iproto.Select{SpaceID: spaceID, IndexID: indexID, Iterator: it, Key: key, Limit: limit})
}

// Insert inserts tuple and returns the inserted tuple.
func (c *Conn) Insert(ctx context.Context, spaceID uint32, tuple any) ([]any, error) {
	return c.Do(ctx, &iproto.Insert{SpaceID: spaceID, Tuple: tuple})
}

// Replace inserts or replaces tuple and returns it.
func (c *Conn) Replace(ctx context.Context, spaceID uint32, tuple any) ([]any, error) {
	return c.Do(ctx, &iproto.Replace{SpaceID: spaceID, Tuple: tuple})
}

// Delete deletes the tuple with key in a unique index and returns it (an
// empty result when none matched).
func (c *Conn) Delete(ctx context.Context, spaceID, indexID uint32, key any) ([]any, error) {
	return c.Do(ctx, &iproto.Delete{SpaceID: spaceID, IndexID: indexID, Key: key})
}

// Call calls a stored function and returns its results.
func (c *Conn) Call(ctx context.Context, function string, args ...any) ([]any, error) {
	return c.Do(ctx, &iproto.Call{Function: function, Args: args})
}

// Eval runs Lua code with args as "..." and returns its results.
func (c *Conn) Eval(ctx context.Context, expr string, args ...any) ([]any, error) {
	return c.Do(ctx, &iproto.Eval{Expr: expr, Args: args})
}
