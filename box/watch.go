package box

import (
	"context"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Watcher receives the values of one box.watch key (Tarantool 2.10+): the
// current value at once, then each new value. Values the callback has not
// taken yet are replaced by newer ones; the callback runs on the
// watcher's own goroutine, one call at a time, with a value decoded for
// it alone.
type Watcher struct {
	c    *Conn
	key  string
	fn   func(key string, value any)
	box  chan any // holds the newest undelivered value
	stop chan struct{}
	done chan struct{}

	// The subscription on the connection, guarded by Conn.watchMu: ic is
	// the iproto connection it is on and unwatch ends it.
	ic      *engine.Conn
	unwatch func()
}

// Watch subscribes fn to key (a built-in one such as "box.status" or
// "box.schema", or one the server sets with box.broadcast). It fails with
// an *engine.UnsupportedError on servers before 2.10. After a reconnection the
// subscription is renewed and fn gets the current value again.
//
// The subscription is the Watcher's own on the iproto connection
// ([engine.Conn.Watch]): the box.Conns made with NewConn over one
// connection (one database/sql socket) watch the same or different keys
// without disturbing each other, and closing one ends only its watchers.
func (c *Conn) Watch(ctx context.Context, key string, fn func(key string, value any)) (*Watcher, error) {
	ic, err := c.conn(ctx)
	if err != nil {
		return nil, err
	}
	if !ic.HasFeature(iproto.FeatureWatchers) {
		return nil, &engine.UnsupportedError{Feature: "watchers", Need: iproto.VersionStreams, Server: ic.ServerVersion()}
	}
	w := &Watcher{c: c, key: key, fn: fn, box: make(chan any, 1), stop: make(chan struct{}), done: make(chan struct{})}
	c.watchMu.Lock()
	select {
	case <-c.done:
		c.watchMu.Unlock()
		return nil, &engine.ConnError{Err: engine.ErrClosed}
	default:
	}
	// The newest connection: rewatch, which renews the watchers on a
	// reconnection, has run for it or will see this one.
	w.ic = c.EngineConn()
	w.unwatch, err = w.ic.Watch(key, w.onEvent)
	if err != nil {
		c.watchMu.Unlock()
		return nil, err
	}
	if c.watchers == nil {
		c.watchers = make(map[*Watcher]struct{})
	}
	c.watchers[w] = struct{}{}
	c.watchMu.Unlock()
	go w.loop()
	return w, nil
}

// Unwatch stops the subscription and waits for a running callback to
// return (so it must not be called from the callback). A second call does
// nothing.
func (w *Watcher) Unwatch() {
	c := w.c
	c.watchMu.Lock()
	if _, ok := c.watchers[w]; !ok {
		c.watchMu.Unlock()
		return
	}
	delete(c.watchers, w)
	unwatch := w.unwatch
	c.watchMu.Unlock()
	w.end(unwatch)
}

// end ends the subscription and the watcher's goroutine, once it has been
// taken out of Conn.watchers.
func (w *Watcher) end(unwatch func()) {
	unwatch()
	close(w.stop)
	<-w.done
}

func (w *Watcher) loop() {
	defer close(w.done)
	for {
		select {
		case <-w.stop:
			return
		case v := <-w.box:
			w.fn(w.key, v)
		}
	}
}

// onEvent receives the key's values on the goroutine reading the
// connection: it decodes the value and hands it to the watcher's
// goroutine.
func (w *Watcher) onEvent(_ string, data []byte) {
	var v any
	if data != nil {
		v, _ = iproto.NewDecoder(data).Any()
	}
	w.deliver(v)
}

// deliver hands v to the watcher, replacing a value not yet taken.
func (w *Watcher) deliver(v any) {
	for {
		select {
		case w.box <- v:
			return
		default:
		}
		select {
		case <-w.box:
		default:
		}
	}
}

// rewatch renews every subscription on a new connection.
func (c *Conn) rewatch(ic *engine.Conn) {
	c.watchMu.Lock()
	defer c.watchMu.Unlock()
	for w := range c.watchers {
		if w.ic == ic {
			continue // subscribed there by Watch
		}
		unwatch, err := ic.Watch(w.key, w.onEvent)
		if err != nil {
			continue // ic has failed already: the next connection renews it
		}
		w.unwatch() // on the failed connection: nothing is sent
		w.ic, w.unwatch = ic, unwatch
	}
}

// stopWatchers ends every watcher of the Conn, as Unwatch does.
func (c *Conn) stopWatchers() {
	c.watchMu.Lock()
	ws := c.watchers
	c.watchers = nil
	c.watchMu.Unlock()
	for w := range ws {
		w.end(w.unwatch)
	}
}
