package tarantool_test

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// BenchmarkBigResult reads every row of a table of 100k and of 1M rows
// through database/sql in one query, and reports the time to the first
// row (first-row-ns), the reply's size on the wire (reply-B), the Go heap
// above what it was before the query when the first row is read
// (first-row-heap-B: the reply as the driver holds it), and the peak of
// the heap while the rows are scanned (peak-heap-B, sampled every 100µs:
// it includes the garbage of the strings Scan makes, until the collector
// runs), and the peak of the live heap (peak-live-heap-B: what the last
// collection found still in use, which leaves that garbage out and shows
// what the driver keeps).
func BenchmarkBigResult(b *testing.B) {
	s := tnttest.StartPrivate(b, tnttest.Options{WALMode: "none", ExtraLua: "box.cfg{memtx_memory = 1024 * 1024 * 1024}"})
	if err := s.Eval(`box.execute([[CREATE TABLE big (id INTEGER PRIMARY KEY, name STRING, price DOUBLE)]])
		local sp = box.space.BIG or box.space.big
		box.begin()
		for i = 1, 1000000 do
			sp:insert{i, 'item-' .. i, i + 0.5}
			if i % 10000 == 0 then box.commit() box.begin() end
		end
		box.commit()`); err != nil {
		b.Fatal(err)
	}
	cfg, err := tarantool.ParseDSN(s.DSN("sql_seq_scan=true&max_reply_size=0"))
	if err != nil {
		b.Fatal(err)
	}
	connector, err := tarantool.NewConnector(cfg)
	if err != nil {
		b.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			q := fmt.Sprintf(`SELECT id, name, price FROM big WHERE id <= %d`, n)
			var firstRow, firstHeap, reply, peak, peakLive int64
			for i := 0; i < b.N; i++ {
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				stop := samplePeakHeap(before.HeapAlloc, liveHeap(), &peak, &peakLive)
				read := connector.Stats().BytesRead
				start := time.Now()
				rows, err := db.QueryContext(context.Background(), q)
				if err != nil {
					b.Fatal(err)
				}
				var r benchRow
				got := 0
				for rows.Next() {
					if got == 0 {
						firstRow += int64(time.Since(start))
						var m runtime.MemStats
						runtime.ReadMemStats(&m)
						firstHeap += int64(m.HeapAlloc) - int64(before.HeapAlloc)
					}
					if err := rows.Scan(&r.id, &r.name, &r.price); err != nil {
						b.Fatal(err)
					}
					got++
				}
				if err := rows.Close(); err != nil || got != n {
					b.Fatalf("%d rows, %v", got, err)
				}
				stop()
				reply += int64(connector.Stats().BytesRead - read)
			}
			b.ReportMetric(float64(firstRow)/float64(b.N), "first-row-ns")
			b.ReportMetric(float64(reply)/float64(b.N), "reply-B")
			b.ReportMetric(float64(firstHeap)/float64(b.N), "first-row-heap-B")
			b.ReportMetric(float64(peak), "peak-heap-B")
			b.ReportMetric(float64(peakLive), "peak-live-heap-B")
		})
	}
}

// samplePeakHeap records in peak the highest heap above base it sees,
// and in peakLive the highest live heap (as of the last collection) above
// baseLive, every 100µs, until the returned function is called.
func samplePeakHeap(base, baseLive uint64, peak, peakLive *int64) (stop func()) {
	var done atomic.Bool
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		for !done.Load() {
			runtime.ReadMemStats(&m)
			if d := int64(m.HeapAlloc) - int64(base); d > *peak {
				*peak = d
			}
			if d := int64(liveHeap()) - int64(baseLive); d > *peakLive {
				*peakLive = d
			}
			time.Sleep(100 * time.Microsecond)
		}
	}()
	return func() { done.Store(true); <-finished }
}

// liveHeap is the heap the last garbage collection found in use.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
