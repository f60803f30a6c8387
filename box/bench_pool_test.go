package box_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// BenchmarkPoolReadRO reads through a Pool over a master and two
// replicas, 256 goroutines, each read on the Conn that Get(ModeRO)
// returns: the reads spread over the replicas. It reports each
// instance's share of the reads: share-0 the master's (0: reads in RO
// mode never go there), share-1 and share-2 the replicas'. OneReplica is
// the same reads on one replica's Conn, without the Pool, on the same
// machine with the same three servers running.
func BenchmarkPoolReadRO(b *testing.B) {
	rs := tnttest.StartReplicaSet(b, 3, tnttest.Options{})
	ctx := context.Background()
	p, err := box.ConnectPool(ctx, rs.DSN(""))
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	rw, err := p.Get(box.ModeRW)
	if err != nil {
		b.Fatal(err)
	}
	if err := rw.Replace(ctx, "kv", []any{uint64(benchBase), "value"}).Err(); err != nil {
		b.Fatal(err)
	}
	if err := rs.WaitSynced(0); err != nil {
		b.Fatal(err)
	}
	reads := make([]atomic.Int64, len(rs.Servers))
	var which sync.Map // *box.Conn -> index of its server
	indexOf := func(c *box.Conn) int {
		if i, ok := which.Load(c); ok {
			return i.(int)
		}
		for i, s := range rs.Servers {
			if s.Addr == addrOf(c) {
				which.Store(c, i)
				return i
			}
		}
		return -1
	}
	b.Run("Pool", func(b *testing.B) {
		for i := range reads {
			reads[i].Store(0)
		}
		pipelined(b, func() func(uint64) error {
			var got KV
			return func(uint64) error {
				c, err := p.Get(box.ModeRO)
				if err != nil {
					return err
				}
				reads[indexOf(c)].Add(1)
				return c.Get(ctx, "kv", "pk", uint64(benchBase), &got)
			}
		})
		var total int64
		for i := range reads {
			total += reads[i].Load()
		}
		for i := range reads {
			b.ReportMetric(float64(reads[i].Load())/float64(total), fmt.Sprintf("share-%d", i))
		}
	})
	b.Run("OneReplica", func(b *testing.B) {
		c, err := box.Connect(ctx, rs.Servers[1].DSN(""))
		if err != nil {
			b.Fatal(err)
		}
		defer c.Close()
		pipelined(b, func() func(uint64) error {
			var got KV
			return func(uint64) error { return c.Get(ctx, "kv", "pk", uint64(benchBase), &got) }
		})
	})
}
