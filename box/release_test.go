package box_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// A Result consumed twice, or read after it was consumed, must not touch
// the pooled state: by then it may carry another request (issue 17).

// wantConsumed checks that every method of a consumed Result reports so,
// or returns zero values, rather than reading the state's next request.
func wantConsumed(t *testing.T, r box.Result) {
	t.Helper()
	var v any
	if err := r.Decode(&v); !errors.Is(err, box.ErrConsumed) {
		t.Errorf("Decode of a consumed Result: got %v (%v), want ErrConsumed", err, v)
	}
	if tuples, err := r.Tuples(); tuples != nil || !errors.Is(err, box.ErrConsumed) {
		t.Errorf("Tuples of a consumed Result: got %v, %v, want ErrConsumed", tuples, err)
	}
	if values, err := r.Values(); values != nil || !errors.Is(err, box.ErrConsumed) {
		t.Errorf("Values of a consumed Result: got %v, %v, want ErrConsumed", values, err)
	}
	if err := r.Err(); !errors.Is(err, box.ErrConsumed) {
		t.Errorf("Err of a consumed Result: got %v, want ErrConsumed", err)
	}
	if p, n, ids, cols := r.Position(), r.RowCount(), r.AutoincrementIDs(), r.Columns(); p != nil || n != 0 || ids != nil || cols != nil {
		t.Errorf("a consumed Result gave Position %v, RowCount %d, AutoincrementIDs %v, Columns %v, want zero values", p, n, ids, cols)
	}
	r.Release()
}

// echoMany runs echo calls from several goroutines and checks that each
// Result decodes its own request's reply; some release their Result after
// Decode, as a deferred Release does, and some release one unread twice.
func echoMany(t *testing.T, c *box.Conn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				want := fmt.Sprintf("g%d-%d", g, i)
				if i%5 == 4 {
					dropped := c.Call(ctx, "echo", "dropped")
					dropped.Release()
					dropped.Release()
				}
				r := c.Call(ctx, "echo", want)
				var got string
				if err := r.Decode(&got); err != nil || got != want {
					t.Errorf("got %q, %v, want %q", got, err, want)
					return
				}
				if i%2 == 0 {
					r.Release()
				}
			}
		}()
	}
	wg.Wait()
}

// TestResultConsumedTwice releases a Result after Decode consumed it (a
// deferred Release), releases one twice, and uses stale copies while the
// next request holds the pooled state: each reports ErrConsumed or does
// nothing, and later requests decode their own replies.
func TestResultConsumedTwice(t *testing.T) {
	s := tnttest.Require(t)
	c := connect(t, s, "")
	ctx := context.Background()

	first := c.Call(ctx, "echo", "first")
	var v string
	if err := first.Decode(&v); err != nil || v != "first" {
		t.Fatalf("got %q, %v, want first", v, err)
	}
	first.Release()
	first.Release()
	wantConsumed(t, first)

	next := c.Call(ctx, "echo", "second") // likely on the same state
	wantConsumed(t, first)
	if err := next.Decode(&v); err != nil || v != "second" {
		t.Errorf("after a stale Release: got %q, %v, want second", v, err)
	}

	unread := c.Replace(ctx, "kv", []any{uint64(8_100_000), "unread"})
	unread.Release()
	unread.Release()
	wantConsumed(t, unread)
	var got KV
	if err := c.Get(ctx, "kv", nil, uint64(8_100_000), &got); err != nil || got.V != "unread" {
		t.Errorf("the released Replace: got %+v, %v, want its tuple stored", got, err)
	}

	wantConsumed(t, box.Result{})
	echoMany(t, c)
}
