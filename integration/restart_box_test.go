package integration

import (
	"context"
	"errors"
	"maps"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/leakcheck"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto/engine"
)

// txKilledBox: two box stream transactions are open when the server
// dies. Commit, a request and Rollback on their streams fail with a
// *engine.ConnError; after the restart nothing of them is there, the
// transaction committed before is, and the same Conn, reconnected by
// itself, commits a new one.
func txKilledBox(t *testing.T) {
	leakcheck.Goroutines(t)
	s := tnttest.StartPrivate(t, tnttest.Options{WALMode: "write", MVCC: true})
	c := connectBox(t, s, "reconnect_delay=20ms&connect_timeout=2s")
	b := newBoxClient(t, s, c, "tx_killed")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	if err := b.TxWrite(ctx, []string{"committed-1", "committed-2"}); err != nil {
		t.Fatal(err)
	}
	streams := make([]*box.Stream, 2)
	for i, v := range []string{"inflight-commit", "inflight-exec"} {
		st, err := c.NewStream(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Begin(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if err := st.Insert(ctx, b.space, []any{nil, v}).Err(); err != nil {
			t.Fatal(err)
		}
		streams[i] = st
	}
	s.Kill()
	var ce *engine.ConnError
	if err := streams[0].Commit(ctx); !errors.As(err, &ce) {
		t.Errorf("commit after the server died: got %v, want a *engine.ConnError", err)
	}
	if err := streams[1].Insert(ctx, b.space, []any{nil, "inflight-exec-2"}).Err(); !errors.As(err, &ce) {
		t.Errorf("insert after the server died: got %v, want a *engine.ConnError", err)
	}
	if err := streams[1].Rollback(ctx); !errors.As(err, &ce) {
		t.Errorf("rollback after the server died: got %v, want a *engine.ConnError", err)
	}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	counts, err := b.Counts(ctx) // waits for the reconnection
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"committed-1": 1, "committed-2": 1}
	if !maps.Equal(counts, want) {
		t.Errorf("after the restart the table holds %v, want %v", counts, want)
	}
	if err := b.TxWrite(ctx, []string{"after-1", "after-2"}); err != nil {
		t.Fatalf("a transaction after the reconnection: %v", err)
	}
	if counts, err = b.Counts(ctx); err != nil {
		t.Fatal(err)
	}
	want["after-1"], want["after-2"] = 1, 1
	if !maps.Equal(counts, want) {
		t.Errorf("after a new transaction the table holds %v, want %v", counts, want)
	}
	c.Close()
	serverConnections(t, s, 0, 10*time.Second)
}
