package box_test

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/cpumeter"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// Benchmarks against the shared test server. "Serial" is one goroutine
// waiting for each reply; "Pipelined" is 256 goroutines on one
// connection (RunParallel with parallelism 256/GOMAXPROCS), reporting the
// client's CPU time per request (cpu-ns/op) besides its wall time.

func benchConn(b *testing.B) (*boxConn, context.Context) {
	s := tnttest.Require(b)
	c := connect(b, s, "")
	ctx := context.Background()
	for k := uint64(0); k < 1000; k++ {
		if err := c.Replace(ctx, "kv", []any{benchBase + k, "value"}).Err(); err != nil {
			b.Fatal(err)
		}
	}
	return c, ctx
}

const benchBase = 7_000_000

// A body is made once per goroutine, so that it may keep its own
// destination variables.
type body func() func(i uint64) error

func pipelined(b *testing.B, mk body) {
	b.ReportAllocs()
	b.SetParallelism(max(1, 256/runtimeProcs()))
	var n atomic.Uint64
	stop := cpumeter.Start(b)
	defer stop()
	b.RunParallel(func(pb *testing.PB) {
		body := mk()
		for pb.Next() {
			if err := body(n.Add(1)); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func serial(b *testing.B, mk body) {
	body := mk()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := body(uint64(i)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSelectStruct(b *testing.B) {
	c, ctx := benchConn(b)
	body := func() func(uint64) error {
		var p KV
		return func(i uint64) error {
			return c.Select(ctx, "kv", "pk", benchBase+i%1000, nil).Decode(&p)
		}
	}
	b.Run("Serial", func(b *testing.B) { serial(b, body) })
	b.Run("Pipelined", func(b *testing.B) { pipelined(b, body) })
}

func BenchmarkReplace(b *testing.B) {
	c, ctx := benchConn(b)
	body := func() func(uint64) error {
		return func(i uint64) error {
			return c.Replace(ctx, "kv", KV{benchBase + i%1000, "value"}).Err()
		}
	}
	b.Run("Serial", func(b *testing.B) { serial(b, body) })
	b.Run("Pipelined", func(b *testing.B) { pipelined(b, body) })
}

func BenchmarkCall(b *testing.B) {
	c, ctx := benchConn(b)
	body := func() func(uint64) error {
		var v uint64
		return func(i uint64) error {
			return c.Call(ctx, "echo", i).Decode(&v)
		}
	}
	b.Run("Serial", func(b *testing.B) { serial(b, body) })
	b.Run("Pipelined", func(b *testing.B) { pipelined(b, body) })
}

func BenchmarkPing(b *testing.B) {
	c, ctx := benchConn(b)
	body := func() func(uint64) error {
		return func(uint64) error { return c.Ping(ctx) }
	}
	b.Run("Serial", func(b *testing.B) { serial(b, body) })
	b.Run("Pipelined", func(b *testing.B) { pipelined(b, body) })
}

type boxConn = box.Conn

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }
