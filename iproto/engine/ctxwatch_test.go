package engine_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Contexts shared by many waits are watched once per connection
// (ctxwatch.go) instead of selected on by every waiter.

// waitWatches polls until the connection watches n contexts.
func waitWatches(t *testing.T, c *engine.Conn, n int) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Second); c.Watches() != n; {
		if time.Now().After(deadline) {
			t.Fatalf("the connection watches %d contexts, want %d", c.Watches(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestSharedContextCancelled: many goroutines wait with one context, which
// the connection watches; when it is cancelled every one of them returns
// context.Canceled at once, the replies that come later are dropped, and
// the connection stays in step.
func TestSharedContextCancelled(t *testing.T) {
	c := dial(t)
	ctx, cancel := context.WithCancel(context.Background())
	do := func(req iproto.Request) error {
		resp, err := c.Do(ctx, req)
		if err == nil {
			resp.Release()
		}
		return err
	}
	for i := 0; i < 2; i++ {
		if err := do(iproto.Ping{}); err != nil {
			t.Fatal(err)
		}
	}
	if c.Watches() != 1 {
		t.Fatalf("after two waits with one context: %d watched, want 1", c.Watches())
	}
	const n = 50
	g := newGate(t)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- do(g.call("late"))
		}()
	}
	g.awaitWaiting(n) // every call is on the server, unanswered
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled while the calls wait at the gate", err)
		}
	}
	waitWatches(t, c, 0)
	g.open() // the late replies come and are dropped
	if got := doData(t, c, &iproto.Call{Function: "echo", Args: []any{"after"}}); !reflect.DeepEqual(got, []any{"after"}) || c.Err() != nil {
		t.Errorf("after the late replies: got %v, connection error %v", got, c.Err())
	}
}

// TestSharedContextLeader: a serial caller whose context is watched reads
// its own reply, and is still interrupted when the context is cancelled.
func TestSharedContextLeader(t *testing.T) {
	c := dial(t)
	// The gate (and its connection) first: the priming below must be
	// the last thing before the call, or the reader goroutine takes the
	// idle socket back (after idleGrace) and the call does not lead.
	g := newGate(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := 0; (c.Leads() == 0 || c.Watches() == 0) && i < 100; i++ {
		resp, err := c.Do(ctx, iproto.Ping{})
		if err != nil {
			t.Fatal(err)
		}
		resp.Release()
	}
	if c.Leads() == 0 || c.Watches() != 1 {
		t.Fatalf("leads %d, watches %d: the test checks nothing", c.Leads(), c.Watches())
	}
	before := c.Leads()
	go func() {
		g.awaitWaiting(1)
		cancel()
	}()
	if _, err := c.Do(ctx, g.call("late")); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled while the request waits at the gate", err)
	}
	if c.Leads() == before {
		t.Error("the cancelled request was not read by its waiter")
	}
	g.open()
	if got := doData(t, c, &iproto.Call{Function: "echo", Args: []any{"after"}}); !reflect.DeepEqual(got, []any{"after"}) || c.Err() != nil {
		t.Errorf("after the late reply: got %v, connection error %v", got, c.Err())
	}
}

// TestContextWatchesBounded: a connection watches a bounded number of
// contexts, dropping unused watches for new ones, forgets a context that
// ends, and watches none once closed.
func TestContextWatchesBounded(t *testing.T) {
	c := dial(t)
	var cancels []context.CancelFunc
	for i := 0; i < 12; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		cancels = append(cancels, cancel)
		for j := 0; j < 2; j++ { // the second wait with ctx watches it
			resp, err := c.Do(ctx, iproto.Ping{})
			if err != nil {
				t.Fatal(err)
			}
			resp.Release()
		}
	}
	if got := c.Watches(); got != 8 {
		t.Errorf("after 12 contexts: %d watched, want the bound of 8", got)
	}
	cancels[11]()
	waitWatches(t, c, 7)
	c.Close()
	if got := c.Watches(); got != 0 {
		t.Errorf("after Close: %d watched", got)
	}
	for _, cancel := range cancels {
		cancel()
	}
}

func doData(t *testing.T, c *engine.Conn, req iproto.Request) []any {
	t.Helper()
	got, err := doErr(c, req)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestSharedContextServerKilled: waiters whose shared context the
// connection watches still get the connection's failure when the server
// dies, and the watch goes with the connection.
func TestSharedContextServerKilled(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{WALMode: "none"})
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for i := 0; i < 2; i++ {
		resp, err := c.Do(ctx, iproto.Ping{})
		if err != nil {
			t.Fatal(err)
		}
		resp.Release()
	}
	if c.Watches() != 1 {
		t.Fatalf("%d contexts watched, want 1", c.Watches())
	}
	const n = 20
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			_, err := c.Do(ctx, &iproto.Call{Function: "sleep_echo", Args: []any{5}})
			errs <- err
		}()
	}
	time.Sleep(100 * time.Millisecond) // the calls are in flight
	s.Kill()
	for i := 0; i < n; i++ {
		select {
		case err := <-errs:
			var ce *engine.ConnError
			if !errors.As(err, &ce) {
				t.Errorf("got %v, want a ConnError", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%d waiters still waiting after the server died", n-i)
		}
	}
	if got := c.Watches(); got != 0 {
		t.Errorf("%d contexts still watched by the failed connection", got)
	}
}
