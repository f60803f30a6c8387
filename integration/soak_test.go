package integration

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/leakcheck"
	"github.com/tntsql/tarantool/internal/tnttest"
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

// TestSoak runs 256 goroutines of mixed reads and writes (and, on 2.10+,
// transactions) through database/sql, cancelling a tenth of the calls at a
// random moment. At the end every write that returned nil is there
// exactly once, every reply matched its request, and goroutines, client
// connections and the live heap are back to where they started. The box
// parts run the same on one box.Conn, with stream transactions.
func TestSoak(t *testing.T) {
	t.Run("sql", func(t *testing.T) { soakSQL(t, false) })
	t.Run("sql with transactions", func(t *testing.T) {
		tnttest.RequireVersion(t, version210, "interactive transactions")
		soakSQL(t, true)
	})
	t.Run("box", func(t *testing.T) { soakBox(t, false) })
	t.Run("box with transactions", func(t *testing.T) {
		tnttest.RequireVersion(t, version210, "interactive transactions")
		soakBox(t, true)
	})
}

func soakSQL(t *testing.T, tx bool) {
	s := tnttest.Require(t)
	leakcheck.Goroutines(t)
	heapBefore := heapInUse()
	const maxOpen = 64
	db := openPool(t, s, "", maxOpen)
	table := "soak_rows"
	if tx {
		table = "soak_tx_rows"
	}
	soak(t, newSQLClient(t, db, table), tx)
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
	s := tnttest.Require(t)
	leakcheck.Goroutines(t)
	heapBefore := heapInUse()
	c := connectBox(t, s, "")
	table := "soak_box_rows"
	if tx {
		table = "soak_box_tx_rows"
	}
	soak(t, newBoxClient(t, c, table), tx)
	if tx {
		checkNoOpenStreams(t, s)
	}
	ic := c.IprotoConn()
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

// soak runs the load on c for soakDuration and checks its outcome.
func soak(t *testing.T, c loadClient, tx bool) {
	t.Helper()
	d := soakDuration(t)
	l := startLoad(c, loadOptions{
		workers:    256,
		tx:         tx,
		cancelRate: 0.1,
		callLimit:  time.Minute,
	})
	time.Sleep(d)
	l.finish()
	t.Logf("%v: %s", d, l.summary())
	if l.ok.Load() == 0 {
		t.Fatal("no call succeeded")
	}
	l.check(t)
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
