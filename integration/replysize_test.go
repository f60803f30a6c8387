package integration

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// TestReplyTooLargeSharedSocket (max_reply_size=4096, sockets=1): the
// pool's connections share one socket; a query whose reply is above the
// limit fails alone, with a *ReplyTooLargeError, while the others go on
// on the same socket, which is never replaced.
func TestReplyTooLargeSharedSocket(t *testing.T) {
	s := tnttest.Require(t)
	const limit = 4096
	db := openPool(t, s, fmt.Sprintf("max_reply_size=%d&sockets=1", limit), 8)
	ctx := context.Background()
	var s1 string
	if err := db.QueryRowContext(ctx, `SELECT ?`, "warm").Scan(&s1); err != nil {
		t.Fatal(err)
	}
	accepted := acceptedConnections(t, s)
	start := accepted()

	big := strings.Repeat("x", 100<<10)
	const workers, rounds, bigRounds = 8, 100, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers+bigRounds)
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				want := fmt.Sprintf("%d-%d", g, i)
				var got string
				if err := db.QueryRowContext(ctx, `SELECT ?`, want).Scan(&got); err != nil || got != want {
					errs <- fmt.Errorf("SELECT %q: got %q, %v", want, got, err)
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < bigRounds; i++ {
			var got string
			err := db.QueryRowContext(ctx, `SELECT ?`, big).Scan(&got)
			var tl *iproto.ReplyTooLargeError
			var ce *engine.ConnError
			switch {
			case !errors.As(err, &tl) || tl.Limit != limit || tl.Size <= uint64(len(big)):
				errs <- fmt.Errorf("big SELECT: got %v, want a ReplyTooLargeError for the limit %d", err, limit)
			case errors.As(err, &ce):
				errs <- fmt.Errorf("big SELECT: got %v, want the query alone to fail, not the connection", err)
			case !strings.Contains(err.Error(), "max_reply_size"):
				errs <- fmt.Errorf("big SELECT: message %q does not name max_reply_size", err)
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := db.QueryRowContext(ctx, `SELECT ?`, "after").Scan(&s1); err != nil || s1 != "after" {
		t.Errorf("after the refusals: got %q, %v", s1, err)
	}
	if n := accepted() - start; n != 0 {
		t.Errorf("the server accepted %d connections during the test, want 0: the shared socket was replaced", n)
	}
}

// acceptedConnections returns a function that reports how many connections
// the server has accepted in all (box.stat.net().CONNECTIONS.total),
// asking on a connection of its own, opened once.
func acceptedConnections(t *testing.T, s *tnttest.Server) func() int64 {
	t.Helper()
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return func() int64 {
		t.Helper()
		resp, err := c.Do(context.Background(), &iproto.Eval{Expr: "return box.stat.net().CONNECTIONS.total"})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Release()
		data, err := resp.DecodeData()
		if err != nil || len(data) != 1 {
			t.Fatalf("box.stat.net: %v %v", data, err)
		}
		n, ok := data[0].(int64)
		if !ok {
			t.Fatalf("box.stat.net().CONNECTIONS.total = %v (%T)", data[0], data[0])
		}
		return n
	}
}
