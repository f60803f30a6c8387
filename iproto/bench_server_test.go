package iproto_test

import (
	"context"
	"testing"

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
