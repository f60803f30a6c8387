package iproto_test

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
)

// callBound is how long a call that must end by its context is waited for
// before the test fails it: far above its context, finite.
const callBound = 10 * time.Second

// boundedDo runs c.Do and returns its error, failing the test if it has
// not returned within callBound.
func boundedDo(t *testing.T, c *iproto.Conn, ctx context.Context, req iproto.Request) error {
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

// TestWriteToServerNotReading: while the server reads nothing (the proxy
// holds the requests), calls of 1 MiB with 100 ms contexts each return
// with their deadline: none stays blocked writing to the full socket.
// Requests given up before they were written are never written: once the
// link heals, only those already in the socket buffers run.
func TestWriteToServerNotReading(t *testing.T) {
	s := tnttest.Require(t)
	p := tnttest.Proxy(t, s)
	cfg := s.Config()
	cfg.Address = p.Addr()
	c, err := iproto.Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	counter := fmt.Sprintf("WRITE_FAULT_%d", time.Now().UnixNano())
	count := &iproto.Eval{Expr: counter + " = (" + counter + " or 0) + 1", Args: []any{strings.Repeat("x", 1<<20)}}

	p.Blackhole(faultproxy.ToServer, true)
	const n = 40
	for i := 0; i < n; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		err := boundedDo(t, c, ctx, count)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("call %d to a server not reading: got %v, want context.DeadlineExceeded", i, err)
		}
	}
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
