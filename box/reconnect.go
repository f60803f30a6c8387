package box

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// maxBackoff caps the delay between reconnect attempts.
const maxBackoff = 30 * time.Second

// supervise pings the connection every KeepAlive and, with ReconnectDelay
// set, replaces a broken connection with a new one.
func (c *Conn) supervise() {
	defer c.wg.Done()
	var tick <-chan time.Time
	if c.cfg.KeepAlive > 0 {
		t := time.NewTicker(c.cfg.KeepAlive)
		defer t.Stop()
		tick = t.C
	}
	for {
		g := c.gen.Load()
		select {
		case <-c.done:
			return
		case <-tick:
			c.keepAlive(g.ic)
			continue
		case <-g.ic.Done():
		}
		if c.cfg.ReconnectDelay <= 0 {
			g.err = g.ic.Err()
			close(g.next)
			return
		}
		ic, err := c.redial(g.ic.Err())
		if err != nil {
			g.err = err
			close(g.next)
			return
		}
		c.replace(g, ic)
		close(g.next)
		c.rewatch(ic)
	}
}

// keepAlive pings ic and closes it when no answer comes within the
// keepalive interval, so that a dead peer is noticed.
func (c *Conn) keepAlive(ic *engine.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.KeepAlive)
	defer cancel()
	resp, err := ic.Do(ctx, iproto.Ping{})
	if err == nil {
		resp.Release()
		return
	}
	if errors.Is(err, context.DeadlineExceeded) {
		ic.Close()
	}
}

// redial dials until it succeeds, Close is called, MaxReconnects attempts
// failed or the server refuses the credentials. The delay starts at
// ReconnectDelay and doubles up to maxBackoff. Each attempt goes to the
// Config's Tracer when it is an engine.ReconnectTracer; cause is why the
// connection broke.
func (c *Conn) redial(cause error) (*engine.Conn, error) {
	rt, _ := c.cfg.Tracer.(engine.ReconnectTracer)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-c.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	delay := c.cfg.ReconnectDelay
	timer := time.NewTimer(delay)
	defer timer.Stop()
	for attempt := 1; ; attempt++ {
		select {
		case <-c.done:
			return nil, engine.ErrClosed
		case <-timer.C:
		}
		began := time.Now()
		ic, err := c.dialAndLoad(ctx)
		if rt != nil {
			rt.TraceReconnect(ctx, engine.Reconnect{Address: c.cfg.Address, Attempt: attempt, Cause: cause,
				Err: err, Conn: ic, Duration: time.Since(began)})
		}
		if err == nil {
			return ic, nil
		}
		if isCredentialsError(err) {
			return nil, fmt.Errorf("tarantool: reconnect refused: %w", err)
		}
		if c.cfg.MaxReconnects > 0 && attempt >= c.cfg.MaxReconnects {
			return nil, fmt.Errorf("tarantool: gave up reconnecting after %d attempts: %w", attempt, err)
		}
		if delay = 2 * delay; delay > maxBackoff {
			delay = max(maxBackoff, c.cfg.ReconnectDelay)
		}
		timer.Reset(delay)
	}
}

func (c *Conn) dialAndLoad(ctx context.Context) (*engine.Conn, error) {
	ic, err := engine.Dial(ctx, c.cfg)
	if err != nil {
		return nil, err
	}
	if !c.cfg.DisableFetchSchema || c.sch.Load() != nil {
		if _, err := c.loadSchema(ctx, ic); err != nil {
			ic.Close()
			return nil, err
		}
	}
	return ic, nil
}

func isCredentialsError(err error) bool {
	return errors.Is(err, iproto.ErCredsMismatch) || errors.Is(err, iproto.ErNoSuchUser)
}
