package crud

import (
	"context"
	"errors"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Routers is what a Client sends its calls through: one vshard router's
// connection or several. *box.Pool satisfies it; Get is called for every
// request (box.ModeAny), so a pool spreads requests over its routers and
// stops picking one that is down.
type Routers interface {
	Get(mode box.Mode) (*box.Conn, error)
}

// Client calls the crud module on vshard routers. It is safe for
// concurrent use; requests from many goroutines, or many in flight from
// one, are pipelined on the routers' connections.
//
// When a request fails because its router's connection failed, the Client
// sends it again through another router if it certainly did not reach the
// first (engine.ConnError.SafeToRetry), and, for reads (Get, Select,
// Pairs, Count, Len, Min, Max, StorageInfo, Stats), also when it might
// have. A write that might have run is never sent twice: its error says
// so (a *engine.ConnError whose SafeToRetry is false).
type Client struct {
	routers Routers
	owned   *box.Pool // closed by Close when Connect opened it
	formats formatCache
}

// Connect opens a Client over the routers a DSN names (one or several
// hosts: tarantool://user:password@router1:3301,router2:3301), connected
// as a box.Pool: routers that are down are connected in the background
// and requests go to those that are up.
func Connect(ctx context.Context, dsn string) (*Client, error) {
	p, err := box.ConnectPool(ctx, dsn)
	if err != nil {
		return nil, err
	}
	c := New(p)
	c.owned = p
	return c, nil
}

// New returns a Client sending its calls through routers (a *box.Pool).
// Close does not close them.
func New(routers Routers) *Client { return &Client{routers: routers} }

// NewConn returns a Client calling through one router's connection.
func NewConn(c *box.Conn) *Client { return New(oneRouter{c}) }

type oneRouter struct{ c *box.Conn }

func (r oneRouter) Get(box.Mode) (*box.Conn, error) { return r.c, nil }

// Close closes the routers' pool when Connect opened it; a Client made by
// New or NewConn leaves its routers open.
func (c *Client) Close() error {
	if c.owned != nil {
		return c.owned.Close()
	}
	return nil
}

// call is one crud function call, kept until its reply is read so that
// it can be sent again through another router.
type call struct {
	c        *Client
	ctx      context.Context
	function string
	args     []any
	read     bool // idempotent: may be sent again even after it was sent
}

// maxAttempts bounds the routers one request is sent through.
const maxAttempts = 3

// send sends the call through a router.
func (cl *call) send() Result {
	conn, err := cl.c.routers.Get(box.ModeAny)
	if err != nil {
		return Result{err: err}
	}
	return Result{cl: cl, res: conn.Call(cl.ctx, cl.function, cl.args...)}
}

// retryable reports whether an attempt that failed with err may be sent
// again through another router.
func (cl *call) retryable(err error) bool {
	if cl.ctx.Err() != nil {
		return false
	}
	var ce *engine.ConnError
	return errors.As(err, &ce) && (cl.read || ce.SafeToRetry())
}

// do starts a call of function with args.
func (c *Client) do(ctx context.Context, read bool, function string, args ...any) Result {
	cl := &call{c: c, ctx: ctx, function: function, args: args, read: read}
	return cl.send()
}

// raw reads the reply of res, sending the call again through another
// router while retryable, and calls fn with the reply's DATA.
func (res Result) raw(fn func(data []byte) error) error {
	for attempt := 1; ; attempt++ {
		if res.err != nil {
			return res.err
		}
		if res.cl == nil {
			return ErrConsumed
		}
		cl := res.cl
		err := res.res.Raw(fn)
		if err == nil || attempt == maxAttempts || !cl.retryable(err) {
			return err
		}
		res = cl.send()
	}
}
