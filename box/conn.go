package box

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Conn is a box connection: safe for concurrent use, with requests from
// any number of goroutines pipelined on one socket. With
// Config.ReconnectDelay set it redials after the connection breaks (and
// authenticates, negotiates and reloads the schema again).
type Conn struct {
	handle
	cfg  *engine.Config
	own  bool // Close closes the iproto connection(s)
	gen  atomic.Pointer[generation]
	sch  atomic.Pointer[Schema]
	smu  sync.Mutex // serializes schema loads
	done chan struct{}
	once sync.Once
	wg   sync.WaitGroup

	watchMu  sync.Mutex
	watchers map[*Watcher]struct{} // renewed on each new connection (watch.go)

	cache *stmtCache // Execute's statement cache (stmtcache.go); nil when off

	holdMu sync.Mutex
	holds  map[stmtHold]int // Prepareds holding each statement (sql.go)

	statsMu    sync.Mutex   // guards what follows and the replacing of gen (stats.go)
	retired    engine.Stats // counters of the connections replaced
	reconnects uint64
}

// generation is one iproto connection; next is closed when it has been
// replaced, or when the Conn gives up reconnecting or is closed.
type generation struct {
	ic   *engine.Conn
	next chan struct{}
	err  error // set before next is closed when there is no successor
}

// Connect opens a connection from a DSN, as the SQL driver does
// (engine.ParseDSN lists the parameters: fetch_schema, reconnect_delay,
// max_reconnects, keepalive, request_timeout and the rest).
func Connect(ctx context.Context, dsn string) (*Conn, error) {
	cfg, err := engine.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	return ConnectConfig(ctx, cfg)
}

// ConnectConfig opens a connection described by cfg.
func ConnectConfig(ctx context.Context, cfg *engine.Config) (*Conn, error) {
	cfg = cfg.Clone()
	ic, err := engine.Dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	c := newConn(cfg, ic, true)
	if !cfg.DisableFetchSchema {
		if _, err := c.loadSchema(ctx, ic); err != nil {
			ic.Close()
			return nil, err
		}
	}
	if cfg.ReconnectDelay > 0 || cfg.KeepAlive > 0 {
		c.wg.Add(1)
		go c.supervise()
	}
	return c, nil
}

// NewConn runs box requests on an existing connection, for example the
// one behind a database/sql connection (see the package example). The
// schema is loaded when a request first names a space. Close does not
// close a borrowed connection, and a borrowed connection is not redialed.
func NewConn(ic *engine.Conn) *Conn {
	return newConn(ic.Config(), ic, false)
}

func newConn(cfg *engine.Config, ic *engine.Conn, own bool) *Conn {
	c := &Conn{cfg: cfg, own: own, done: make(chan struct{})}
	if n := cfg.StatementCacheSize(); n > 0 {
		c.cache = newStmtCache(n)
	}
	c.handle = handle{c: c}
	c.gen.Store(&generation{ic: ic, next: make(chan struct{})})
	return c
}

// Close closes the connection (if Connect opened it) and stops
// reconnecting. Requests in flight fail. The Conn's watchers end as with
// Unwatch (so Close must not be called from a watcher's callback); on a
// borrowed connection, the watchers of other Conns go on.
func (c *Conn) Close() error {
	var err error
	c.once.Do(func() {
		close(c.done)
		c.stopWatchers()
		g := c.gen.Load()
		if c.own {
			err = g.ic.Close()
		}
		c.wg.Wait()
		if last := c.gen.Load(); last != g {
			// A reconnection finished while Close ran: its connection
			// would be left open.
			if c.own {
				last.ic.Close()
			}
			g = last
		}
		if g.err == nil {
			g.err = engine.ErrClosed
			close(g.next)
		}
	})
	return err
}

// EngineConn returns the engine connection the Conn uses now (a new one
// after each reconnection).
func (c *Conn) EngineConn() *engine.Conn { return c.gen.Load().ic }

// ServerVersion returns the version of the server from its greeting.
func (c *Conn) ServerVersion() iproto.Version { return c.EngineConn().ServerVersion() }

// conn returns a live iproto connection, waiting for a reconnection when
// one is under way (until ctx ends, or request_timeout passes when ctx
// has no deadline: then a *engine.ConnError, not sent, wrapping the
// context's error or an *engine.TimeoutError).
func (c *Conn) conn(ctx context.Context) (*engine.Conn, error) {
	var timeout <-chan time.Time // request_timeout, once the wait begins
	for {
		g := c.gen.Load()
		if g.ic.Err() == nil {
			return g.ic, nil
		}
		select {
		case <-c.done:
			return nil, &engine.ConnError{Err: engine.ErrClosed}
		default:
		}
		if !c.own || c.cfg.ReconnectDelay <= 0 {
			return nil, &engine.ConnError{Err: g.ic.Err()}
		}
		if timeout == nil {
			timeout = c.requestTimeout(ctx)
		}
		select {
		case <-g.next:
			if g.err != nil {
				return nil, &engine.ConnError{Err: g.err}
			}
		case <-timeout:
			return nil, &engine.ConnError{Err: fmt.Errorf("tarantool: gave up waiting for the reconnection: %w (the connection failed: %w)",
				&engine.TimeoutError{Limit: c.cfg.RequestTimeout}, g.ic.Err())}
		case <-ctx.Done():
			// Nothing was sent: say so, with the context's error and
			// the failure being recovered from.
			return nil, &engine.ConnError{Err: fmt.Errorf("tarantool: gave up waiting for the reconnection: %w (the connection failed: %w)", ctx.Err(), g.ic.Err())}
		}
	}
}

// requestTimeout is a channel that fires after request_timeout when ctx
// has no deadline (request_timeout bounds a wait for a reconnection as
// it bounds a reply), nil otherwise.
func (c *Conn) requestTimeout(ctx context.Context) <-chan time.Time {
	if _, ok := ctx.Deadline(); ok || c.cfg.RequestTimeout <= 0 {
		return nil
	}
	return time.After(c.cfg.RequestTimeout)
}
