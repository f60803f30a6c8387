package engine_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/faultproxy"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// callBound is how long a call that must end by its context is waited for
// before the test fails it: far above its context, finite.
const callBound = 10 * time.Second

// boundedDo runs c.Do and returns its error, failing the test if it has
// not returned within callBound.
func boundedDo(t *testing.T, c *engine.Conn, ctx context.Context, req iproto.Request) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		resp, err := c.Do(ctx, req)
		if err == nil {
			resp.Release()
		}
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(callBound):
		t.Fatalf("a call with a context of its own has not returned after %v", callBound)
		return nil
	}
}

// dialViaProxy connects to the shared server through a fault proxy; both
// close when the test ends.
func dialViaProxy(t *testing.T) (*faultproxy.Proxy, *engine.Conn) {
	t.Helper()
	s := tnttest.Require(t)
	p := tnttest.Proxy(t, s)
	cfg := s.Config()
	cfg.Address = p.Addr()
	c, err := engine.Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return p, c
}

// TestWriteToServerNotReading: while the server reads nothing (the proxy
// holds the requests), calls of 1 MiB with 100 ms contexts each return
// with their deadline: none stays blocked writing to the full socket.
// Requests given up before they were written are never written, nor kept:
// the write queue does not grow with them (it held all 40 MiB before), and
// once the link heals, only those already in the socket buffers run.
func TestWriteToServerNotReading(t *testing.T) {
	p, c := dialViaProxy(t)
	counter := fmt.Sprintf("WRITE_FAULT_%d", time.Now().UnixNano())
	count := &iproto.Eval{Expr: counter + " = (" + counter + " or 0) + 1", Args: []any{strings.Repeat("x", 1<<20)}}

	p.Blackhole(faultproxy.ToServer, true)
	const n = 40
	maxQueued := 0
	for i := 0; i < n; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		err := boundedDo(t, c, ctx, count)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("call %d to a server not reading: got %v, want context.DeadlineExceeded", i, err)
		}
		maxQueued = max(maxQueued, c.QueuedBytes())
	}
	// Given-up bytes are cut out once they are half the queue: two
	// requests' worth at most stay queued between calls.
	if maxQueued > 2<<20+64<<10 {
		t.Errorf("the write queue held %d bytes of requests given up; want at most about 2 MiB", maxQueued)
	}
	t.Logf("the write queue held at most %d bytes", maxQueued)
	p.Heal()
	ctx, cancel := context.WithTimeout(context.Background(), callBound)
	defer cancel()
	// The server runs a connection's requests in order, and these do not
	// yield: when the ping's reply comes, every request before it has run.
	if err := boundedDo(t, c, ctx, iproto.Ping{}); err != nil {
		t.Fatalf("ping after the link healed: %v", err)
	}
	got := do(t, dial(t), &iproto.Eval{Expr: "return " + counter + " or 0"})
	ran, _ := got[0].(int64)
	if u, ok := got[0].(uint64); ok {
		ran = int64(u)
	}
	if ran >= n/2 {
		t.Errorf("%d of %d requests given up while the server was not reading ran once it read", ran, n)
	}
	t.Logf("%d of %d requests had reached the socket buffers and ran", ran, n)
}

// TestSlowReplyLeaderCancelled: a caller that reads the socket itself (a
// leader) and whose reply trickles in (1 MiB at 64 KiB/s) returns when
// its context ends, not when the reply has all come; the connection reads
// the rest, drops it, and stays in step.
func TestSlowReplyLeaderCancelled(t *testing.T) {
	p, c := dialViaProxy(t)
	// Serial requests until one is read by its waiter: from then on the
	// reader goroutine leaves the idle socket to waiters.
	for i := 0; c.Leads() == 0 && i < 100; i++ {
		do(t, c, iproto.Ping{})
	}
	if c.Leads() == 0 {
		t.Fatal("no request was read by its waiter; the test checks nothing")
	}
	p.Throttle(faultproxy.ToClient, 64<<10)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	big := &iproto.Eval{Expr: "return string.rep('x', 1024 * 1024)"}
	if err := boundedDo(t, c, ctx, big); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a slow 1 MiB reply with a 500 ms context: got %v, want context.DeadlineExceeded", err)
	}
	p.Throttle(faultproxy.ToClient, 0)
	ctx, cancel = context.WithTimeout(context.Background(), callBound)
	defer cancel()
	resp, err := c.Do(ctx, &iproto.Call{Function: "echo", Args: []any{"after"}})
	if err != nil {
		t.Fatalf("the next call: %v", err)
	}
	got, err := resp.DecodeData()
	resp.Release()
	if err != nil || len(got) != 1 || got[0] != "after" {
		t.Errorf("the next call: got %v, %v; want [after]", got, err)
	}
}
