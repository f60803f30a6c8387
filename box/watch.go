package box

import (
	"context"

	"github.com/tntsql/tarantool/iproto"
)

// Watcher receives the values of one box.watch key (Tarantool 2.10+): the
// current value at once, then each new value. Values the callback has not
// taken yet are replaced by newer ones; the callback runs on the
// watcher's own goroutine, one call at a time.
type Watcher struct {
	c    *Conn
	key  string
	fn   func(key string, value any)
	box  chan any // holds the newest undelivered value
	stop chan struct{}
	done chan struct{}
}

// Watch subscribes fn to key (a built-in one such as "box.status" or
// "box.schema", or one the server sets with box.broadcast). It fails with
// an *UnsupportedError on servers before 2.10. After a reconnection the
// subscription is renewed and fn gets the current value again.
func (c *Conn) Watch(ctx context.Context, key string, fn func(key string, value any)) (*Watcher, error) {
	ic, err := c.conn(ctx)
	if err != nil {
		return nil, err
	}
	if !ic.HasFeature(iproto.FeatureWatchers) {
		return nil, &UnsupportedError{Feature: "watchers", Need: "2.10", Server: ic.ServerVersion()}
	}
	w := &Watcher{c: c, key: key, fn: fn, box: make(chan any, 1), stop: make(chan struct{}), done: make(chan struct{})}
	c.watchMu.Lock()
	if c.watchers == nil {
		c.watchers = make(map[string]map[*Watcher]struct{})
	}
	first := c.watchers[key] == nil
	if first {
		c.watchers[key] = make(map[*Watcher]struct{})
	} else if v, ok := c.watchLast[key]; ok {
		// The key is watched already: the server will not repeat its
		// value, so the new watcher gets the last one from here.
		w.deliver(v)
	}
	c.watchers[key][w] = struct{}{}
	c.watchMu.Unlock()
	go w.loop()
	if first {
		err = ic.Post(&iproto.Watch{Key: key})
	}
	if err != nil {
		w.Unwatch()
		return nil, err
	}
	return w, nil
}

// Unwatch stops the subscription and waits for a running callback to
// return (so it must not be called from the callback).
func (w *Watcher) Unwatch() {
	c := w.c
	c.watchMu.Lock()
	set := c.watchers[w.key]
	if _, ok := set[w]; !ok {
		c.watchMu.Unlock()
		return
	}
	delete(set, w)
	last := len(set) == 0
	if last {
		delete(c.watchers, w.key)
		delete(c.watchLast, w.key)
	}
	c.watchMu.Unlock()
	if last {
		c.IprotoConn().Post(&iproto.Unwatch{Key: w.key})
	}
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

// onEvent receives watcher events on the goroutine reading the connection:
// it hands the value to the key's watchers and acknowledges the event so
// the server sends the next one.
func (c *Conn) onEvent(key string, data []byte) {
	c.watchMu.Lock()
	set := c.watchers[key]
	if len(set) == 0 {
		c.watchMu.Unlock()
		return
	}
	var v any
	if data != nil {
		v, _ = iproto.NewDecoder(data).Any()
	}
	if c.watchLast == nil {
		c.watchLast = make(map[string]any)
	}
	c.watchLast[key] = v
	for w := range set {
		w.deliver(v)
	}
	c.watchMu.Unlock()
	c.IprotoConn().Post(&iproto.Watch{Key: key})
}

// rewatch renews every subscription on a new connection.
func (c *Conn) rewatch(ic *iproto.Conn) {
	c.watchMu.Lock()
	defer c.watchMu.Unlock()
	for key := range c.watchers {
		ic.Post(&iproto.Watch{Key: key})
	}
}
