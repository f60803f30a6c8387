package integration

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/leakcheck"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// soakDuration is how long each soak runs: TNTSQL_SOAK (a duration) if
// set, else 30s with CI=true, 1s with -short, 3s otherwise.
func soakDuration(t *testing.T) time.Duration {
	if v := os.Getenv("TNTSQL_SOAK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("TNTSQL_SOAK=%q: %v", v, err)
		}
		return d
	}
	switch {
	case os.Getenv("CI") == "true":
		return 30 * time.Second
	case testing.Short():
		return time.Second
	}
	return 3 * time.Second
}

// heapInUse returns the live heap after collecting garbage.
func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC() // the second cycle empties the sync.Pools the first one moved to their victim caches
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// heapSlack is how much more live heap than at the start the soak
// tolerates at the end: the runtime's and the test framework's own growth,
// not a leak (a leak of one buffer per call would be hundreds of MiB).
const heapSlack = 4 << 20

// soakServer is the shared server, or for the transaction parts the one
// with memtx_use_mvcc_engine = true that they need (2.10+).
func soakServer(t *testing.T, tx bool) *tnttest.Server {
	if tx {
		return tnttest.RequireMVCC(t)
	}
	return tnttest.Require(t)
}

// TestSoak (sql_seq_scan=true for the SQL parts) runs 256 goroutines of
// mixed reads and writes (and, on 2.10+, transactions) through
// database/sql, cancelling a tenth of the calls at a random moment. It
// runs in rounds of at most roundRows rows written, so that what it keeps
// on the server is bounded however fast it goes: at the end of each round
// every write that returned nil is there exactly once and every reply
// matched its request; then the rows are deleted. At the end goroutines,
// client connections and the live heap are back to where they started.
// The box parts run the same on one box.Conn, with stream transactions.
func TestSoak(t *testing.T) {
	t.Run("sql", func(t *testing.T) { soakSQL(t, false) })
	t.Run("sql with transactions", func(t *testing.T) {
		soakSQL(t, true)
	})
	t.Run("box", func(t *testing.T) { soakBox(t, false) })
	t.Run("box with transactions", func(t *testing.T) {
		soakBox(t, true)
	})
}

func soakSQL(t *testing.T, tx bool) {
	s := soakServer(t, tx)
	leakcheck.Goroutines(t)
	heapBefore := heapInUse()
	const maxOpen = 64
	// sql_seq_scan: each round's check counts the rows with a full scan.
	db := openPool(t, s, "sql_seq_scan=true", maxOpen)
	table := "soak_rows"
	if tx {
		table = "soak_tx_rows"
	}
	soak(t, s, newSQLClient(t, db, table), tnttest.SQLName(s.Version, table), tx)
	if tx {
		checkNoOpenStreams(t, s)
	}
	if n := db.Stats().OpenConnections; n > maxOpen {
		t.Errorf("%d connections open, more than the pool's %d", n, maxOpen)
	}
	db.Close()
	if n := db.Stats().OpenConnections; n != 0 {
		t.Errorf("%d connections open after Close", n)
	}
	after := heapInUse()
	t.Logf("live heap %d KiB before, %d KiB after", heapBefore>>10, after>>10)
	if after > heapBefore+heapSlack {
		t.Errorf("live heap %d KiB after the soak, %d KiB before: more than %d KiB above", after>>10, heapBefore>>10, heapSlack>>10)
	}
}

// soakBox is soakSQL on one box.Conn: every goroutine's requests share
// its socket.
func soakBox(t *testing.T, tx bool) {
	s := soakServer(t, tx)
	leakcheck.Goroutines(t)
	heapBefore := heapInUse()
	c := connectBox(t, s, "")
	table := "soak_box_rows"
	if tx {
		table = "soak_box_tx_rows"
	}
	bc := newBoxClient(t, s, c, table)
	soak(t, s, bc, bc.space, tx)
	if tx {
		checkNoOpenStreams(t, s)
	}
	ic := c.EngineConn()
	c.Close()
	if ic.Err() == nil {
		t.Error("the box connection is still open after Close")
	}
	after := heapInUse()
	t.Logf("live heap %d KiB before, %d KiB after", heapBefore>>10, after>>10)
	if after > heapBefore+heapSlack {
		t.Errorf("live heap %d KiB after the soak, %d KiB before: more than %d KiB above", after>>10, heapBefore>>10, heapSlack>>10)
	}
}

// roundRows bounds the rows a round of the soak writes (the rows of the
// writes in flight when it ends aside, two per worker at most): some
// 10 MiB of memtx, well within the test server's 128 MiB.
const roundRows = 50_000

// soak runs the load on c, whose rows live in the given space of s, for
// soakDuration, in rounds: each ends when roundRows rows are written or
// the time is up, and is checked, and its rows are deleted before the
// next. The time the checks and deletes take is not counted.
func soak(t *testing.T, s *tnttest.Server, c loadClient, space string, tx bool) {
	t.Helper()
	d := soakDuration(t)
	admin, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var ok, failed int64
	var writes, acked, rounds int
	var loaded time.Duration // under load, checks and deletes aside
	for round := 1; ; round++ {
		rc := newRoundClient(c, round, roundRows)
		l := startLoad(rc, loadOptions{
			workers:    256,
			tx:         tx,
			cancelRate: 0.1,
			callLimit:  time.Minute,
		})
		rc.started(l)
		start := time.Now()
		timer := time.NewTimer(d - loaded)
		select {
		case <-rc.spent:
		case <-timer.C:
		}
		timer.Stop()
		l.finish()
		loaded += time.Since(start)
		rounds++
		ok, failed = ok+l.ok.Load(), failed+l.failed.Load()
		for _, o := range l.writes {
			if writes += len(o.vals); o.err == nil {
				acked += len(o.vals)
			}
		}
		l.check(t)
		if t.Failed() || loaded >= d {
			break
		}
		deleteRows(t, admin, space)
	}
	t.Logf("%v: %d rounds: %d calls succeeded, %d failed; %d rows written, %d acknowledged", d, rounds, ok, failed, writes, acked)
	if ok == 0 {
		t.Fatal("no call succeeded")
	}
}

// roundClient is c for one round of the soak. It spends a budget of rows:
// a write past it waits for the round's load to stop, so that each worker
// writes at most once more. Its values carry the round's tag, and Counts
// leaves out the rows of earlier rounds, which a write that failed (and
// may still run) can add after they were deleted; a row of no round is
// kept, for check to report.
type roundClient struct {
	loadClient
	tag   string
	left  atomic.Int64
	spent chan struct{} // closed once the budget is spent
	once  sync.Once
	ready chan struct{} // closed once load is set
	load  *load
}

func newRoundClient(c loadClient, round, rows int) *roundClient {
	r := &roundClient{loadClient: c, tag: fmt.Sprintf("r%d/", round), spent: make(chan struct{}), ready: make(chan struct{})}
	r.left.Store(int64(rows))
	return r
}

// started gives r the load that runs on it.
func (r *roundClient) started(l *load) {
	r.load = l
	close(r.ready)
}

// reserve takes n rows from the budget, waiting for the round to end when
// there are not so many left.
func (r *roundClient) reserve(n int) {
	left := r.left.Add(-int64(n))
	if left <= 0 {
		r.once.Do(func() { close(r.spent) })
	}
	if left < 0 {
		<-r.ready
		<-r.load.stop
	}
}

func (r *roundClient) Write(ctx context.Context, val string) error {
	r.reserve(1)
	return r.loadClient.Write(ctx, r.tag+val)
}

func (r *roundClient) TxWrite(ctx context.Context, vals []string) error {
	r.reserve(len(vals))
	tagged := make([]string, len(vals))
	for i, v := range vals {
		tagged[i] = r.tag + v
	}
	return r.loadClient.TxWrite(ctx, tagged)
}

func (r *roundClient) Count(ctx context.Context, val string) (int, error) {
	return r.loadClient.Count(ctx, r.tag+val)
}

func (r *roundClient) Counts(ctx context.Context) (map[string]int, error) {
	all, err := r.loadClient.Counts(ctx)
	if err != nil {
		return nil, err
	}
	counts := make(map[string]int, len(all))
	for v, n := range all {
		if rest, ok := strings.CutPrefix(v, r.tag); ok {
			counts[rest] = n
		} else if !roundTag.MatchString(v) {
			counts[v] = n
		}
	}
	return counts, nil
}

// roundTag matches the values of any round.
var roundTag = regexp.MustCompile(`^r[0-9]+/`)

// deleteRows deletes every row of space, in transactions of a bounded
// size, through admin.
func deleteRows(t *testing.T, admin *engine.Conn, space string) {
	t.Helper()
	const lua = `local s = box.space[...]
while true do
    local rows = s:select({}, {limit = 10000})
    if #rows == 0 then return end
    box.begin()
    for _, row in ipairs(rows) do s:delete(row[1]) end
    box.commit()
end`
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	resp, err := admin.Do(ctx, &iproto.Eval{Expr: lua, Args: []any{space}})
	if err != nil {
		t.Fatalf("deleting the rows of %s: %v", space, err)
	}
	resp.Release()
}

// checkNoOpenStreams checks that no transaction is left open on the server
// (box.stat.net().STREAMS, 2.10+) once the load has stopped, while the
// pool's connections are still open: a cancelled BeginTx, Commit or
// Rollback must not leave a stream behind.
func checkNoOpenStreams(t *testing.T, s *tnttest.Server) {
	t.Helper()
	const limit = 10 * time.Second
	if n, ok := waitNetStat(t, s, "STREAMS", limit, func(n int64) bool { return n == 0 }); !ok {
		t.Errorf("%d streams (open transactions) left on the server after the load", n)
	}
}
