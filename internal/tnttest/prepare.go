package tnttest

import (
	"context"
	"testing"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// PrepareID prepares text on ic, outside the SQL driver and box, and
// returns the server's statement id.
func PrepareID(t testing.TB, ic *engine.Conn, text string) uint64 {
	t.Helper()
	resp, err := ic.Do(context.Background(), &iproto.Prepare{SQL: text})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Release()
	var b iproto.Body
	if err := resp.Parse(&b); err != nil {
		t.Fatal(err)
	}
	return b.StmtID
}

// PrepareElsewhere prepares text on a connection of its own to s, kept
// open until the test ends, as another process would, and returns the
// statement id.
func PrepareElsewhere(t testing.TB, s *Server, text string) uint64 {
	t.Helper()
	ic, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ic.Close() })
	return PrepareID(t, ic, text)
}
