package box_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// watchValues starts a watcher of key on c whose values come on the
// returned channel.
func watchValues(t *testing.T, c *box.Conn, key string) (<-chan any, *box.Watcher) {
	t.Helper()
	ch := make(chan any, 16)
	w, err := c.Watch(context.Background(), key, func(k string, v any) {
		if k != key {
			v = fmt.Errorf("value for %q on the watcher of %q", k, key)
		}
		ch <- v
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Unwatch)
	return ch, w
}

func expectValue(t *testing.T, ch <-chan any, who string, want any) {
	t.Helper()
	select {
	case got := <-ch:
		if got != want {
			t.Errorf("%s: got %v, want %v", who, got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: no value within 5s, want %v", who, want)
	}
}

func expectNoValue(t *testing.T, ch <-chan any, who string) {
	t.Helper()
	select {
	case got := <-ch:
		t.Errorf("%s: got %v, want nothing", who, got)
	default:
	}
}

// TestWatchersShareConn makes two box.Conns with NewConn over one iproto
// connection, as over one database/sql socket, each watching a key both
// watch and a key of its own: each gets every value of its keys, and
// closing one leaves the other's values coming.
func TestWatchersShareConn(t *testing.T) {
	s := tnttest.RequireVersion(t, v210, "watchers")
	ctx := context.Background()
	ic, err := s.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer ic.Close()
	c1, c2 := box.NewConn(ic), box.NewConn(ic)
	defer c2.Close()
	stamp := time.Now().Format("150405.000000")
	shared, own1, own2 := "tntsql.shared."+stamp, "tntsql.own1."+stamp, "tntsql.own2."+stamp

	s1, _ := watchValues(t, c1, shared)
	o1, _ := watchValues(t, c1, own1)
	s2, _ := watchValues(t, c2, shared)
	o2, _ := watchValues(t, c2, own2)
	for _, w := range []struct {
		ch  <-chan any
		who string
	}{{s1, "c1 shared"}, {o1, "c1 own"}, {s2, "c2 shared"}, {o2, "c2 own"}} {
		expectValue(t, w.ch, w.who+", initial", nil)
	}
	broadcast := func(key string, v any) {
		t.Helper()
		if err := c2.Eval(ctx, "box.broadcast(...)", key, v).Err(); err != nil {
			t.Fatal(err)
		}
	}
	broadcast(shared, "both")
	expectValue(t, s1, "c1 shared", "both")
	expectValue(t, s2, "c2 shared", "both")
	broadcast(own1, "one")
	expectValue(t, o1, "c1 own", "one")
	broadcast(own2, "two")
	expectValue(t, o2, "c2 own", "two")

	if err := c1.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ic.Err(); err != nil {
		t.Fatalf("closing a box.Conn closed the borrowed connection: %v", err)
	}
	for i := int64(1); i <= 2; i++ {
		broadcast(shared, i)
		expectValue(t, s2, "c2 shared after c1 closed", i)
		broadcast(own2, i)
		expectValue(t, o2, "c2 own after c1 closed", i)
	}
	broadcast(own1, "gone")
	expectNoValue(t, s1, "c1 shared after Close")
	expectNoValue(t, o1, "c1 own after Close")

	// A watcher on the Conn left gets the shared key's value at once,
	// though the key was watched on the connection before it came.
	late, _ := watchValues(t, c2, shared)
	expectValue(t, late, "a later watcher of the shared key", int64(2))
}
