package engine

import "github.com/tntsql/tarantool/iproto"

// Watchers (2.10+). A connection keeps its subscriptions by key: the
// first subscriber of a key posts WATCH, the last one to go posts
// UNWATCH, and every event the server sends for a key still watched is
// handed to each of its subscribers and acknowledged with another WATCH,
// without which the server would send no more (IPROTO's rule). Several
// users of one connection (the box.Conns made over one database/sql
// socket) so watch the same keys without knowing of each other.
//
// eventMu guards the table and orders the WATCH and UNWATCH packets with
// it: they are queued while it is held, so the server sees them in the
// order the table changed. The subscribers' functions run under it too,
// which keeps the calls of one function in order and never concurrent.

// watchedKey is a key the connection watches and its subscribers.
type watchedKey struct {
	subs []*watchSub
	last []byte // the data of the last event, a copy (nil: none)
	seen bool   // an event has come: last holds its value
}

// watchSub is one subscription.
type watchSub struct {
	fn func(key string, data []byte)
}

// Watch subscribes fn to the watcher events of key (2.10+): a built-in key
// such as "box.status" or one the server sets with box.broadcast. fn gets
// the key's current value at once (at the first subscription of the key,
// when the server's first event comes; at a later one, the last value the
// connection has, from Watch itself), then each new value. data is the raw
// MessagePack value, nil when the key has none; fn must not modify it but
// may keep it. fn runs on the goroutine reading the connection, so it must
// not block, nor call Watch or an unwatch function of the connection; its
// calls come one at a time, in order.
//
// Each call subscribes anew: several subscribers of a key on one
// connection each get every event, and the server is asked once. The
// returned function ends this subscription (a second call does nothing);
// the key is unwatched on the server when its last subscriber goes. The
// subscriptions end with the connection: after a reconnection, watch
// again on the new one.
//
// Watch fails on a server without the watchers feature and on a
// connection that has failed (a [*ConnError]).
func (c *Conn) Watch(key string, fn func(key string, data []byte)) (unwatch func(), err error) {
	if !c.HasFeature(iproto.FeatureWatchers) {
		return nil, &UnsupportedError{Feature: "watchers", Need: iproto.VersionStreams, Server: c.ServerVersion()}
	}
	if err := c.Err(); err != nil {
		return nil, &ConnError{Err: err}
	}
	s := &watchSub{fn: fn}
	c.eventMu.Lock()
	defer c.eventMu.Unlock()
	if c.watched == nil {
		c.watched = make(map[string]*watchedKey)
	}
	w := c.watched[key]
	if w == nil {
		if err := c.post(&iproto.Watch{Key: key}); err != nil {
			return nil, err
		}
		w = &watchedKey{}
		c.watched[key] = w
	} else if w.seen {
		// The server will not repeat the value: hand over the last one.
		fn(key, w.last)
	}
	w.subs = append(w.subs, s)
	return func() { c.endWatch(key, s) }, nil
}

// endWatch ends subscription s of key, and the server's watch of the key
// with its last subscription.
func (c *Conn) endWatch(key string, s *watchSub) {
	c.eventMu.Lock()
	defer c.eventMu.Unlock()
	w := c.watched[key]
	if w == nil {
		return
	}
	for i, sub := range w.subs {
		if sub == s {
			w.subs = append(w.subs[:i], w.subs[i+1:]...)
			break
		}
	}
	if len(w.subs) > 0 {
		return
	}
	delete(c.watched, key)
	c.post(&iproto.Unwatch{Key: key}) // a failed connection watches nothing any more
}

// dispatchEvent hands an EVENT to the subscribers of its key and
// acknowledges it; an event for a key nobody watches is dropped. It runs
// on the goroutine reading the connection; body aliases the read buffer.
func (c *Conn) dispatchEvent(body []byte) {
	c.count.events.Add(1)
	var b iproto.Body
	if iproto.ParseBody(body, &b) != nil {
		return
	}
	c.eventMu.Lock()
	defer c.eventMu.Unlock()
	key := string(b.EventKey)
	w := c.watched[key]
	if w == nil {
		return
	}
	w.last, w.seen = nil, true
	if b.EventData != nil {
		w.last = append([]byte(nil), b.EventData...)
	}
	for _, s := range w.subs {
		s.fn(key, w.last)
	}
	c.post(&iproto.Watch{Key: key}) // the acknowledgement; the server sends the next change
}
