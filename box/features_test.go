package box_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

var (
	v210 = iproto.MakeVersion(2, 10, 0)
	v211 = iproto.MakeVersion(2, 11, 0)
)

// TestNewerFeaturesRefused checks that a server without streams,
// pagination or watchers gets a clear error and no request.
func TestNewerFeaturesRefused(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	var ue *engine.UnsupportedError
	if s.Version < v210 {
		want := engine.UnsupportedError{Feature: "streams", Need: v210, Server: s.Version}
		if _, err := c.NewStream(ctx); !errors.As(err, &ue) || *ue != want || !errors.Is(err, engine.ErrUnsupported) {
			t.Errorf("NewStream on %s: got %v, want an *UnsupportedError naming 2.10", s.Version, err)
		}
		if _, err := c.Watch(ctx, "box.status", func(string, any) {}); !errors.As(err, &ue) {
			t.Errorf("Watch on %s: got %v, want an *UnsupportedError", s.Version, err)
		}
	}
	if s.Version < v211 {
		err := c.Select(ctx, "kv", nil, nil, &box.SelectOpts{Iterator: box.All, Limit: 1, FetchPosition: true}).Err()
		if !errors.As(err, &ue) || ue.Need != v211 || !containsAll(err.Error(), "2.11", s.Version.String()) {
			t.Errorf("pagination on %s: got %v, want an error naming 2.11", s.Version, err)
		}
	}
	if err := c.Ping(ctx); err != nil {
		t.Error(err)
	}
}

func TestStreamTransactions(t *testing.T) {
	s := tnttest.RequireMVCC(t)
	ctx := context.Background()
	c := connect(t, s, "")
	key := nextKey()

	st, err := c.NewStream(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Begin(ctx, &box.TxOptions{Isolation: iproto.IsolationReadCommitted, Timeout: 10 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if err := st.Insert(ctx, "kv", []any{key, "tx"}).Err(); err != nil {
		t.Fatal(err)
	}
	var got KV
	if err := st.Get(ctx, "kv", nil, key, &got); err != nil || got.V != "tx" {
		t.Errorf("read inside the transaction: %+v %v", got, err)
	}
	if err := c.Get(ctx, "kv", nil, key, &got); !errors.Is(err, box.ErrNotFound) {
		t.Errorf("read outside before commit: %+v %v, want ErrNotFound", got, err)
	}
	if err := st.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Get(ctx, "kv", nil, key, &got); !errors.Is(err, box.ErrNotFound) {
		t.Errorf("after rollback: %+v %v, want ErrNotFound", got, err)
	}

	if err := st.Begin(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.Replace(ctx, "kv", []any{key, "committed"}).Err(); err != nil {
		t.Fatal(err)
	}
	if err := st.Begin(ctx, nil); !errors.Is(err, iproto.ErActiveTransaction) {
		t.Errorf("nested begin: got %v, want ER_ACTIVE_TRANSACTION", err)
	}
	if err := st.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Get(ctx, "kv", nil, key, &got); err != nil || got.V != "committed" {
		t.Errorf("after commit: %+v %v", got, err)
	}
}

func TestPagination(t *testing.T) {
	s := tnttest.RequireVersion(t, v211, "pagination")
	ctx := context.Background()
	c := connect(t, s, "")
	base := nextKey()
	for i := uint64(0); i < 5; i++ {
		if err := c.Replace(ctx, "kv", []any{base + i, "page"}).Err(); err != nil {
			t.Fatal(err)
		}
	}
	var seen []uint64
	var after []byte
	for page := 0; page < 5; page++ {
		var rows []KV
		res := c.Select(ctx, "kv", "pk", base, &box.SelectOpts{Iterator: box.Ge, Limit: 2, FetchPosition: true, After: after})
		pos := res.Position()
		if err := res.Decode(&rows); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.K < base+5 {
				seen = append(seen, r.K)
			}
		}
		if len(seen) >= 5 || pos == nil {
			break
		}
		after = pos
	}
	if len(seen) != 5 || seen[0] != base || seen[4] != base+4 {
		t.Errorf("pages: got %v", seen)
	}
	var rows []KV
	err := c.Select(ctx, "kv", "pk", base, &box.SelectOpts{Iterator: box.Ge, Limit: 1, AfterTuple: []any{base + 3, "page"}}).Decode(&rows)
	if err != nil || len(rows) != 1 || rows[0].K != base+4 {
		t.Errorf("after a tuple: %+v %v", rows, err)
	}
}

func TestWatchers(t *testing.T) {
	s := tnttest.RequireVersion(t, v210, "watchers")
	ctx := context.Background()
	c := connect(t, s, "")
	key := "tntsql.test." + time.Now().Format("150405.000000")
	values := make(chan any, 16)
	w, err := c.Watch(ctx, key, func(k string, v any) {
		if k == key {
			values <- v
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Unwatch()
	expect := func(want any) {
		t.Helper()
		select {
		case got := <-values:
			if got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no event for %v", want)
		}
	}
	expect(nil) // the key has no value yet
	if err := c.Eval(ctx, "box.broadcast(...)", key, "one").Err(); err != nil {
		t.Fatal(err)
	}
	expect("one")
	if err := c.Eval(ctx, "box.broadcast(...)", key, int64(2)).Err(); err != nil {
		t.Fatal(err)
	}
	expect(int64(2))

	// A second watcher of the same key gets the current value at once.
	second := make(chan any, 1)
	w2, err := c.Watch(ctx, key, func(_ string, v any) { second <- v })
	if err != nil {
		t.Fatal(err)
	}
	select {
	case v := <-second:
		if v != int64(2) {
			t.Errorf("second watcher: got %v", v)
		}
	case <-time.After(5 * time.Second):
		t.Error("second watcher got nothing")
	}
	w2.Unwatch()
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
