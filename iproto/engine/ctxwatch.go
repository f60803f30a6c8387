package engine

import (
	"context"
	"slices"
	"sync/atomic"
)

// Watching a context that many requests share.
//
// A waiter whose context can end must be woken by either its reply or the
// context. A select on both costs little for a context of its own, but
// when hundreds of goroutines wait with one context (a worker pool's, a
// server's), all of them lock that context's Done channel twice per
// request, and the select was a sixth of the client's CPU time. A context
// seen on two waits in a row is instead watched once for the connection:
// context.AfterFunc registered a single time, after which each waiter
// only notes the watch in its Future and waits for the Future alone.
// When the context ends, the watch completes every request that noted it
// with the context's error (the reply, when it comes, is dropped), or
// interrupts the waiter reading the socket itself (reader.go).
//
// A watch stays registered until its context ends, the connection fails,
// or it makes room for another while no waiter uses it.

// maxCtxWatches is how many contexts a connection watches at once.
const maxCtxWatches = 8

// ctxWatch is one context watched for a connection.
type ctxWatch struct {
	ctx   context.Context
	done  <-chan struct{}
	stop  func() bool
	users atomic.Int64 // waiters that noted it; incremented under pmu
}

// watchFor returns the watch for ctx whose Done channel is done, creating
// it when done was also the previous waiter's, or nil: the waiter then
// selects on done itself. The caller holds pmu.
func (c *Conn) watchFor(ctx context.Context, done <-chan struct{}) *ctxWatch {
	for _, w := range c.watches {
		if w.done == done {
			return w
		}
	}
	shared := c.lastDone == done
	c.lastDone = done
	if !shared || ctx.Err() != nil {
		return nil
	}
	if len(c.watches) == maxCtxWatches && !c.evictWatch() {
		return nil
	}
	w := &ctxWatch{ctx: ctx, done: done}
	w.stop = context.AfterFunc(ctx, func() { c.ctxEnded(w) })
	c.watches = append(c.watches, w)
	return w
}

// evictWatch drops a watch no waiter uses, and reports whether there was
// one. The caller holds pmu.
func (c *Conn) evictWatch() bool {
	i := slices.IndexFunc(c.watches, func(w *ctxWatch) bool { return w.users.Load() == 0 })
	if i < 0 {
		return false
	}
	c.watches[i].stop()
	c.watches = slices.Delete(c.watches, i, i+1)
	return true
}

// ctxEnded runs when a watched context ends: requests still pending that
// noted the watch are completed with the context's error, and a waiter
// reading the socket for its own reply is interrupted.
func (c *Conn) ctxEnded(w *ctxWatch) {
	err := w.ctx.Err()
	var ended []*future
	c.pmu.Lock()
	if i := slices.Index(c.watches, w); i >= 0 {
		c.watches = slices.Delete(c.watches, i, i+1)
	}
	if c.lastDone == w.done {
		c.lastDone = nil
	}
	c.pending.each(func(f *future) {
		switch {
		case f.watch != w:
		case f.leading:
			f.interruptRead()
		default:
			c.pending.remove(f)
			f.err = err
			ended = append(ended, f)
		}
	})
	c.pmu.Unlock()
	for _, f := range ended {
		f.done <- struct{}{}
	}
}

// unwatch takes f's waiter off its watch. The caller must not hold pmu.
func (c *Conn) unwatch(f *future) {
	c.pmu.Lock()
	w := f.watch
	f.watch, f.leading = nil, false
	c.pmu.Unlock()
	if w != nil {
		w.users.Add(-1)
	}
}

// stopWatches unregisters every watch, once the connection has failed.
// The caller holds pmu.
func (c *Conn) stopWatches() {
	for _, w := range c.watches {
		w.stop()
	}
	c.watches, c.lastDone = nil, nil
}
