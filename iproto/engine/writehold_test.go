package engine_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/tntsql/tarantool/internal/fakeserver"
	"github.com/tntsql/tarantool/internal/leakcheck"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// TestWritesNotHeldAcrossARead: while the reader hands out replies it has
// buffered, writes wait for it (conn.go, holdWrites). When the buffer ends
// in the middle of a reply, the reader must release them before it blocks
// for the rest: here the server sends the rest only after it has read a
// request the client makes in the meantime.
func TestWritesNotHeldAcrossARead(t *testing.T) {
	leakcheck.Goroutines(t)
	var replyB []byte
	c, _ := faultConn(t, nil,
		fakeserver.Read, // A
		fakeserver.Read, // B
		fakeserver.SendFor(func(h iproto.Header) []byte {
			replyB = fakeserver.Packet(iproto.TypeOK, h.Sync, fakeserver.Data("B"))
			return append(fakeserver.Packet(iproto.TypeOK, h.Sync-1, fakeserver.Data("A")), half(replyB)...)
		}),
		fakeserver.Read, // C, sent once A's reply has come
		fakeserver.SendFor(func(h iproto.Header) []byte {
			return append(replyB[len(replyB)/2:], fakeserver.Packet(iproto.TypeOK, h.Sync, fakeserver.Data("C"))...)
		}),
		fakeserver.Stall,
	)
	ctx := context.Background()
	fA, err := c.Send(iproto.Ping{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	fB, err := c.Send(iproto.Ping{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	fakeserver.Within(t, fakeserver.HangLimit, "replies to A, B and C", func() {
		want(t, fA, ctx, "A")
		fC, err := c.Send(iproto.Ping{}, nil)
		if err != nil {
			t.Error(err)
			return
		}
		want(t, fB, ctx, "B")
		want(t, fC, ctx, "C")
	})
}

// want waits for f and checks that its reply's DATA is [s].
func want(t *testing.T, f engine.Future, ctx context.Context, s string) {
	t.Helper()
	resp, err := f.Wait(ctx)
	if err != nil {
		t.Errorf("reply %s: %v", s, err)
		return
	}
	defer resp.Release()
	if got, err := resp.DecodeData(); err != nil || !reflect.DeepEqual(got, []any{s}) {
		t.Errorf("got %v, %v, want [%s]", got, err, s)
	}
}
