package engine_test

import (
	"context"
	"io"
	"net"
	"runtime"
	"testing"

	"github.com/tntsql/tarantool/internal/cpumeter"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
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

// The parallel benchmarks run 300 goroutines on one connection, as the
// load tool does (cmd/tntload), and report the client's CPU time per
// request (cpu-ns/op), which the machine's noise moves far less than
// ns/op. "SharedContext" gives every goroutine one cancellable context.

func BenchmarkPingParallel(b *testing.B) {
	benchParallel(b, dial(b), context.Background(), ping)
}

func BenchmarkPingParallelSharedContext(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	benchParallel(b, dial(b), ctx, ping)
}

func BenchmarkSelectParallel(b *testing.B) {
	c := dial(b)
	benchParallel(b, c, context.Background(), selectOne(b, c))
}

func BenchmarkSelectParallelSharedContext(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := dial(b)
	benchParallel(b, c, ctx, selectOne(b, c))
}

func ping() iproto.Request { return iproto.Ping{} }

// selectOne stores a tuple and returns a maker of requests selecting it.
func selectOne(b *testing.B, c *engine.Conn) func() iproto.Request {
	kv := spaceID(b, "kv")
	if resp, err := c.Do(context.Background(), &iproto.Replace{SpaceID: kv, Tuple: []any{1, "one"}}); err != nil {
		b.Fatal(err)
	} else {
		resp.Release()
	}
	return func() iproto.Request { return &iproto.Select{SpaceID: kv, Limit: 1, Key: []any{1}} }
}

// benchParallel sends the request mk makes (once per goroutine) from 300
// goroutines sharing c, and reports how many requests a write carried.
func benchParallel(b *testing.B, c *engine.Conn, ctx context.Context, mk func() iproto.Request) {
	b.SetParallelism(max(1, 300/runtime.GOMAXPROCS(0)))
	b.ReportAllocs()
	writes := c.Writes()
	stop := cpumeter.Start(b)
	b.RunParallel(func(pb *testing.PB) {
		req := mk()
		for pb.Next() {
			resp, err := c.Do(ctx, req)
			if err != nil {
				b.Error(err)
				return
			}
			resp.Release()
		}
	})
	stop()
	if n := c.Writes() - writes; n > 0 {
		b.ReportMetric(float64(b.N)/float64(n), "req/write")
	}
}

// BenchmarkPingParallelTraced is BenchmarkPingParallel with a Tracer that
// does nothing: the cost of the hooks themselves. Without a Tracer
// (BenchmarkPingParallel) the engine does no tracing work.
func BenchmarkPingParallelTraced(b *testing.B) {
	cfg := tnttest.Require(b).Config()
	cfg.Tracer = nopTracer{}
	c, err := engine.Dial(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	benchParallel(b, c, context.Background(), ping)
}

// nopTracer is a Tracer that keeps nothing.
type nopTracer struct{}

func (nopTracer) TraceRequestStart(ctx context.Context, _ *engine.Conn, _ engine.RequestStart) context.Context {
	return ctx
}

func (nopTracer) TraceRequestEnd(context.Context, *engine.Conn, engine.RequestEnd) {}
