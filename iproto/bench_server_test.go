package iproto_test

import (
	"context"
	"io"
	"net"
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

// Round trips against the real server on one connection.

func BenchmarkPingSerial(b *testing.B) {
	c := dial(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		resp, err := c.Do(ctx, iproto.Ping{})
		if err != nil {
			b.Fatal(err)
		}
		resp.Release()
	}
}

// BenchmarkPingSerialCancellable is BenchmarkPingSerial with a context
// that can be cancelled, which a waiter reading its own reply must watch.
func BenchmarkPingSerialCancellable(b *testing.B) {
	c := dial(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		resp, err := c.Do(ctx, iproto.Ping{})
		if err != nil {
			b.Error(err)
			return
		}
		resp.Release()
	}
}

// BenchmarkPingSerialRawSocket is the floor under BenchmarkPingSerial: one
// goroutine writing a ping packet to a plain socket and reading the reply,
// with no connection engine at all. What separates the two is the engine's
// cost; what separates this from net.box's serial round trip is the Go
// runtime's network poller on this machine.
func BenchmarkPingSerialRawSocket(b *testing.B) {
	s := tnttest.Require(b)
	cfg := s.Config()
	nc, err := net.Dial(cfg.Network, cfg.Address)
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	buf := make([]byte, 4096)
	if _, err := io.ReadFull(nc, buf[:128]); err != nil { // the greeting
		b.Fatal(err)
	}
	ping, err := iproto.AppendPacket(nil, iproto.Header{Type: iproto.TypePing, Sync: 1}, iproto.Ping{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := nc.Write(ping); err != nil {
			b.Fatal(err)
		}
		// The reply: 0xce and a 4-byte length, then that many bytes.
		if _, err := io.ReadFull(nc, buf[:5]); err != nil {
			b.Fatal(err)
		}
		n := int(buf[1])<<24 | int(buf[2])<<16 | int(buf[3])<<8 | int(buf[4])
		if buf[0] != 0xce || n > len(buf) {
			b.Fatalf("unexpected reply prefix % x", buf[:5])
		}
		if _, err := io.ReadFull(nc, buf[:n]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPingParallel(b *testing.B) {
	c := dial(b)
	ctx := context.Background()
	b.SetParallelism(32) // 32 × GOMAXPROCS goroutines share the connection
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := c.Do(ctx, iproto.Ping{})
			if err != nil {
				b.Error(err)
				return
			}
			resp.Release()
		}
	})
}

func BenchmarkSelectParallel(b *testing.B) {
	c := dial(b)
	kv := spaceID(b, "kv")
	ctx := context.Background()
	if resp, err := c.Do(ctx, &iproto.Replace{SpaceID: kv, Tuple: []any{1, "one"}}); err == nil {
		resp.Release()
	}
	b.SetParallelism(32)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		req := &iproto.Select{SpaceID: kv, Limit: 1, Key: []any{1}}
		for pb.Next() {
			resp, err := c.Do(ctx, req)
			if err != nil {
				b.Error(err)
				return
			}
			resp.Release()
		}
	})
}
