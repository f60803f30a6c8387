package box_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/leakcheck"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto/engine"
)

// TestReconnectAfterRestart kills the server under a box connection with
// reconnect_delay set: the request in flight fails saying it was sent, and
// once the server is back the same Conn serves requests again, by name
// (the schema is loaded again).
func TestReconnectAfterRestart(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{})
	ctx := context.Background()
	c := connect(t, s, "reconnect_delay=20ms")
	key := nextKey()
	if err := c.Replace(ctx, "kv", []any{key, "before"}).Err(); err != nil {
		t.Fatal(err)
	}
	first := c.EngineConn()
	statuses := make(chan any, 16)
	if s.Version >= v210 {
		w, err := c.Watch(ctx, "box.status", func(_ string, v any) { statuses <- v })
		if err != nil {
			t.Fatal(err)
		}
		defer w.Unwatch()
		<-statuses
	}

	inflight := c.Call(ctx, "sleep_echo", 10, "never")
	time.Sleep(50 * time.Millisecond) // let it be written
	s.Kill()
	err := inflight.Err()
	var ce *engine.ConnError
	if !errors.As(err, &ce) || ce.SafeToRetry() {
		t.Errorf("request in flight at the kill: got %v, want a *ConnError that was sent", err)
	}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var got KV
	if err := c.Get(wctx, "kv", "pk", key, &got); err != nil || got.V != "before" {
		t.Fatalf("after restart: got %+v %v", got, err)
	}
	if c.EngineConn() == first {
		t.Error("the connection was not replaced")
	}
	if err := c.Ping(ctx); err != nil {
		t.Error(err)
	}
	if s.Version >= v210 {
		select {
		case <-statuses: // the watch was renewed on the new connection
		case <-time.After(5 * time.Second):
			t.Error("no box.status event after the reconnection")
		}
	}
}

// TestNoReconnect checks the default: a broken connection stays broken
// and says so.
func TestNoReconnect(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{})
	ctx := context.Background()
	c := connect(t, s, "")
	s.Kill()
	<-c.EngineConn().Done()
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	var ce *engine.ConnError
	if err := c.Ping(ctx); !errors.As(err, &ce) || !ce.SafeToRetry() {
		t.Errorf("ping on a broken connection: got %v, want a *ConnError not sent", err)
	}
}

// TestGiveUpReconnecting bounds the attempts with max_reconnects.
func TestGiveUpReconnecting(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{})
	ctx := context.Background()
	c := connect(t, s, "reconnect_delay=10ms&max_reconnects=2&connect_timeout=200ms")
	s.Kill()
	<-c.EngineConn().Done()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := c.Ping(wctx)
	if err == nil || !strings.Contains(err.Error(), "gave up reconnecting after 2 attempts") {
		t.Errorf("got %v, want the give-up error", err)
	}
}

// TestKeepAlive pauses the server: the keepalive ping goes unanswered, the
// connection is dropped and redialed, and it works again once the server
// resumes.
func TestKeepAlive(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{})
	ctx := context.Background()
	c := connect(t, s, "keepalive=50ms&reconnect_delay=20ms&connect_timeout=200ms")
	first := c.EngineConn()
	s.Pause()
	select {
	case <-first.Done():
	case <-time.After(5 * time.Second):
		s.Resume()
		t.Fatal("the keepalive did not notice the hung server")
	}
	s.Resume()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := c.Ping(wctx); err != nil {
		t.Fatalf("after resume: %v", err)
	}
	if c.EngineConn() == first {
		t.Error("the connection was not replaced")
	}
}

// TestClosedConn checks requests after Close.
func TestClosedConn(t *testing.T) {
	s := tnttest.Require(t)
	c, err := box.Connect(context.Background(), s.DSN("reconnect_delay=10ms"))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if err := c.Ping(context.Background()); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("ping after Close: got %v", err)
	}
}

// TestWaitForReconnection: while the server is down, a request waits for
// the new connection until its context ends, and then fails saying it
// was never sent (with the context's error inside); once the server is
// back the same Conn serves it.
func TestWaitForReconnection(t *testing.T) {
	leakcheck.Goroutines(t)
	s := tnttest.StartPrivate(t, tnttest.Options{})
	ctx := context.Background()
	c := connect(t, s, "reconnect_delay=20ms&connect_timeout=200ms")
	s.Kill()
	<-c.EngineConn().Done()
	wctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	err := c.Insert(wctx, "kv", []any{nextKey(), "never"}).Err()
	cancel()
	var ce *engine.ConnError
	if !errors.As(err, &ce) || !ce.SafeToRetry() || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("request while reconnecting: got %T %v, want a *ConnError not sent, matching context.DeadlineExceeded", err, err)
	}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	wctx, cancel = context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := c.Ping(wctx); err != nil {
		t.Fatalf("after the restart: %v", err)
	}
}

// TestCloseWhileReconnecting closes a Conn whose server is down: the
// reconnection stops, waiting requests get ErrClosed (safe to retry), and
// no goroutine is left.
func TestCloseWhileReconnecting(t *testing.T) {
	leakcheck.Goroutines(t)
	s := tnttest.StartPrivate(t, tnttest.Options{})
	ctx := context.Background()
	c, err := box.Connect(ctx, s.DSN("reconnect_delay=10ms&connect_timeout=200ms"))
	if err != nil {
		t.Fatal(err)
	}
	s.Kill()
	<-c.EngineConn().Done()
	waiting := make(chan error)
	go func() { waiting <- c.Ping(ctx) }()
	c.Close()
	err = <-waiting
	var ce *engine.ConnError
	if !errors.Is(err, engine.ErrClosed) || !errors.As(err, &ce) || !ce.SafeToRetry() {
		t.Errorf("request waiting for the reconnection at Close: got %v, want a *ConnError wrapping engine.ErrClosed, safe to retry", err)
	}
}

// TestWaitForReconnectionRequestTimeout: with no deadline on the context,
// request_timeout bounds the wait for a reconnection that does not come.
func TestWaitForReconnectionRequestTimeout(t *testing.T) {
	leakcheck.Goroutines(t)
	s := tnttest.StartPrivate(t, tnttest.Options{})
	c := connect(t, s, "reconnect_delay=20ms&connect_timeout=200ms&request_timeout=300ms")
	s.Kill()
	<-c.EngineConn().Done()
	done := make(chan error, 1)
	go func() { done <- c.Ping(context.Background()) }()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("a request waiting for a reconnection that does not come has not returned after 30 s (request_timeout=300ms)")
	}
	var ce *engine.ConnError
	var te *engine.TimeoutError
	if !errors.As(err, &ce) || !ce.SafeToRetry() || !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %T %v, want a *ConnError not sent wrapping an *engine.TimeoutError", err, err)
	}
}
