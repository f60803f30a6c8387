package engine_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

var v210 = iproto.VersionStreams

// watchKey returns a key no other test watches.
func watchKey(t *testing.T, name string) string {
	return fmt.Sprintf("tntsql.%s.%s.%d", t.Name(), name, time.Now().UnixNano())
}

// events subscribes to key on c and returns the channel its values come
// on, decoded, and the unwatch function.
func events(t *testing.T, c *engine.Conn, key string) (<-chan any, func()) {
	t.Helper()
	ch := make(chan any, 16)
	unwatch, err := c.Watch(key, func(k string, data []byte) {
		if k != key {
			ch <- fmt.Errorf("event for %q on the subscription of %q", k, key)
			return
		}
		var v any
		if data != nil {
			v, _ = iproto.NewDecoder(data).Any()
		}
		ch <- v
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(unwatch)
	return ch, unwatch
}

// expectEvent waits for want on ch.
func expectEvent(t *testing.T, ch <-chan any, who string, want any) {
	t.Helper()
	select {
	case got := <-ch:
		if got != want {
			t.Errorf("%s: got %v, want %v", who, got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: no event within 5s, want %v", who, want)
	}
}

// expectNone checks that ch holds nothing.
func expectNone(t *testing.T, ch <-chan any, who string) {
	t.Helper()
	select {
	case got := <-ch:
		t.Errorf("%s: got %v, want no event", who, got)
	default:
	}
}

func broadcast(t *testing.T, c *engine.Conn, key string, v any) {
	t.Helper()
	resp, err := c.Do(context.Background(), &iproto.Eval{Expr: "box.broadcast(...)", Args: []any{key, v}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Release()
}

// TestWatchSubscribers has several subscribers on one connection, of one
// key and of another: each gets every value of its key, in order (each
// event is acknowledged, or the server would send no more); a subscriber
// that comes later gets the current value at once; one that goes leaves
// the others their events.
func TestWatchSubscribers(t *testing.T) {
	s := tnttest.RequireVersion(t, v210, "watchers")
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	shared, other := watchKey(t, "shared"), watchKey(t, "other")
	a, unwatchA := events(t, c, shared)
	b, _ := events(t, c, shared)
	o, _ := events(t, c, other)
	expectEvent(t, a, "a, initial", nil)
	expectEvent(t, b, "b, initial", nil)
	expectEvent(t, o, "other, initial", nil)

	for i := int64(1); i <= 3; i++ {
		broadcast(t, c, shared, i)
		expectEvent(t, a, "a", i)
		expectEvent(t, b, "b", i)
	}
	broadcast(t, c, other, "x")
	expectEvent(t, o, "other", "x")

	late, _ := events(t, c, shared)
	expectEvent(t, late, "a later subscriber, at once", int64(3))

	unwatchA()
	unwatchA() // a second call does nothing
	broadcast(t, c, shared, int64(4))
	expectEvent(t, b, "b after a went", int64(4))
	expectEvent(t, late, "the later subscriber after a went", int64(4))
	expectNone(t, a, "a after it went")
	expectNone(t, o, "other")
}

// TestWatchRewatchAfterLast unwatches a key's only subscriber and watches
// it again: the server was told UNWATCH and WATCH in that order, so the
// new subscriber gets the current value.
func TestWatchRewatchAfterLast(t *testing.T) {
	s := tnttest.RequireVersion(t, v210, "watchers")
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	key := watchKey(t, "key")
	first, unwatch := events(t, c, key)
	expectEvent(t, first, "first, initial", nil)
	broadcast(t, c, key, "one")
	expectEvent(t, first, "first", "one")
	unwatch()
	broadcast(t, c, key, "two")
	again, _ := events(t, c, key)
	expectEvent(t, again, "watching again", "two")
	broadcast(t, c, key, "three")
	expectEvent(t, again, "watching again", "three")
	expectNone(t, first, "first after it went")
}

// TestWatchUnsupported: a server before 2.10 has no watchers; Watch says
// so and sends nothing.
func TestWatchUnsupported(t *testing.T) {
	s := tnttest.Require(t)
	if s.Version >= v210 {
		t.Skipf("the server (%v) has watchers", s.Version)
	}
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Watch("box.status", func(string, []byte) {}); err == nil {
		t.Fatal("Watch on a server without watchers: got no error")
	}
	if _, err := c.Do(context.Background(), iproto.Ping{}); err != nil {
		t.Errorf("the connection after the refused Watch: %v", err)
	}
}

// TestWatchFailedConn: Watch on a connection that has failed returns a
// *ConnError.
func TestWatchFailedConn(t *testing.T) {
	s := tnttest.RequireVersion(t, v210, "watchers")
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	var ce *engine.ConnError
	if _, err := c.Watch("box.status", func(string, []byte) {}); !errors.As(err, &ce) {
		t.Errorf("Watch on a closed connection: got %v, want a *ConnError", err)
	}
}
