package box_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// TestPipelined256 runs 256 goroutines on one connection, each writing,
// reading and calling with its own values, and checks every reply is the
// one its request asked for.
func TestPipelined256(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	const workers, rounds = 256, 20
	base := nextKey()
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				key := base + uint64(w*rounds+i)
				val := fmt.Sprintf("w%d-i%d", w, i)
				if err := c.Replace(ctx, "kv", []any{key, val}).Err(); err != nil {
					errs <- err
					return
				}
				var got KV
				if err := c.Get(ctx, "kv", "pk", key, &got); err != nil || got != (KV{key, val}) {
					errs <- fmt.Errorf("get %d: got %+v %v, want %q", key, got, err, val)
					return
				}
				var echoed string
				if err := c.Call(ctx, "echo", val).Decode(&echoed); err != nil || echoed != val {
					errs <- fmt.Errorf("echo %q: got %q %v", val, echoed, err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n int
	if err := c.Eval(ctx, "local lo, hi = ... return box.space.kv:count({lo}, {iterator = 'GE'}) - box.space.kv:count({hi}, {iterator = 'GE'})",
		base, base+workers*rounds).Decode(&n); err != nil || n != workers*rounds {
		t.Errorf("tuples written: %d %v, want %d", n, err, workers*rounds)
	}
}

// TestAsync puts many requests in flight from one goroutine and reads the
// Results afterwards, out of order.
func TestAsync(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	const n = 500
	results := make([]box.Result, n)
	for i := range results {
		results[i] = c.Call(ctx, "echo", i)
	}
	for i := n - 1; i >= 0; i-- {
		var got int
		if err := results[i].Decode(&got); err != nil || got != i {
			t.Fatalf("result %d: got %d %v", i, got, err)
		}
	}
}
