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

// steadyRetry is how long into an outage reconnect attempts keep coming
// every ReconnectDelay before the delay starts doubling: a replica set
// elects a new leader, or an operator promotes one, in about that time.
const steadyRetry = time.Second

// supervise pings the connection every KeepAlive and, with ReconnectDelay
// set, replaces a broken connection with a new one, and one whose instance
// lost the role the Config asks for (target_session_attrs) with one to an
// instance that has it: the old connection serves the requests in flight
// on it, then closes.
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
		var roleLost <-chan struct{}
		if c.cfg.ReconnectDelay > 0 {
			roleLost = g.ic.RoleLost()
		}
		select {
		case <-c.done:
			return
		case <-tick:
			c.keepAlive(g.ic)
			continue
		case <-roleLost:
			// The old connection still works: look for its
			// replacement at once, and let it finish its requests.
			cause := &engine.WrongRoleError{Address: g.ic.Config().Address, Role: g.ic.Role(), Target: c.cfg.TargetSessionAttrs}
			if !c.succeed(g, cause, 0) {
				return
			}
			c.wg.Add(1)
			go func(old *engine.Conn) {
				defer c.wg.Done()
				retireWhenIdle(old, c.done)
			}(g.ic)
			continue
		case <-g.ic.Done():
		}
		if c.cfg.ReconnectDelay <= 0 {
			g.err = g.ic.Err()
			close(g.next)
			return
		}
		if !c.succeed(g, g.ic.Err(), c.cfg.ReconnectDelay) {
			return
		}
	}
}

// succeed replaces generation g's connection with a new one (redial's,
// the first attempt after first) and reports whether it did; when it
// could not, g ends with the error and there is no successor.
func (c *Conn) succeed(g *generation, cause error, first time.Duration) bool {
	ic, err := c.redial(cause, first)
	if err != nil {
		g.err = err
		close(g.next)
		return false
	}
	c.replace(g, ic)
	close(g.next)
	c.rewatch(ic)
	return true
}

// retireWhenIdle closes ic, replaced after its instance lost its role,
// once no request is in flight on it (its callers get their replies), or
// at the latest after maxRetireWait or when the Conn closes.
func retireWhenIdle(ic *engine.Conn, done <-chan struct{}) {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	deadline := time.After(maxRetireWait)
	for ic.Stats().InFlight > 0 {
		select {
		case <-t.C:
		case <-deadline:
			ic.Close()
			return
		case <-done:
			ic.Close()
			return
		}
	}
	ic.Close()
}

// maxRetireWait bounds how long a replaced connection serves the
// requests still in flight on it.
const maxRetireWait = 30 * time.Second

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
// failed or the server refuses the credentials. The first attempt comes
// after first, the next ones every ReconnectDelay for steadyRetry, then
// at a delay that doubles up to maxBackoff. Each attempt goes to the
// Config's Tracer when it is an engine.ReconnectTracer; cause is why the
// connection is replaced.
func (c *Conn) redial(cause error, first time.Duration) (*engine.Conn, error) {
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
	outage := time.Now()
	timer := time.NewTimer(first)
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
			rt.TraceReconnect(ctx, engine.Reconnect{Network: c.cfg.Network, Address: c.cfg.Address, Attempt: attempt, Cause: cause,
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
		if time.Since(outage) >= steadyRetry {
			delay = max(min(2*delay, maxBackoff), c.cfg.ReconnectDelay)
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
