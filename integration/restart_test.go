package integration

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/leakcheck"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

var version210 = iproto.VersionStreams

// openPool opens a pool of at most maxOpen connections on s.
func openPool(t *testing.T, s *tnttest.Server, params string, maxOpen int) *sql.DB {
	t.Helper()
	db, err := sql.Open("tarantool", s.DSN(params))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(maxOpen)
	db.SetMaxIdleConns(maxOpen)
	t.Cleanup(func() { db.Close() })
	return db
}

// serverConnections waits until the server counts at most want client
// connections (box.stat.net), besides the one asking, and fails the test
// with the count if that takes longer than limit.
func serverConnections(t *testing.T, s *tnttest.Server, want int64, limit time.Duration) {
	t.Helper()
	if n, ok := waitNetStat(t, s, "CONNECTIONS", limit, func(n int64) bool { return n-1 <= want }); !ok {
		t.Fatalf("the server still counts %d client connections after %v, want at most %d", n-1, limit, want)
	}
}

// waitNetStat polls box.stat.net()[counter].current on a connection of its
// own until done accepts it or limit passes, and returns the last value
// and whether done accepted it.
func waitNetStat(t *testing.T, s *tnttest.Server, counter string, limit time.Duration, done func(int64) bool) (int64, bool) {
	t.Helper()
	ctx := context.Background()
	c, err := s.Dial(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	deadline := time.Now().Add(limit)
	for {
		resp, err := c.Do(ctx, &iproto.Eval{Expr: "return box.stat.net()." + counter + ".current"})
		if err != nil {
			t.Fatal(err)
		}
		data, err := resp.DecodeData()
		resp.Release()
		if err != nil || len(data) != 1 {
			t.Fatalf("box.stat.net: %v %v", data, err)
		}
		n, _ := data[0].(int64)
		if done(n) {
			return n, true
		}
		if time.Now().After(deadline) {
			return n, false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestKillRestartUnderLoad (sql_seq_scan=true for the SQL part) kills the
// server twice under a concurrent mixed load and restarts it (WAL on). No
// call reports success for a write the server does not hold, every failure
// says whether it may be retried, the client recovers on its own, and
// nothing is left behind: goroutines, client connections, server
// sessions. A box part runs the same load through a box.Conn with
// reconnect_delay next to the database/sql one.
func TestKillRestartUnderLoad(t *testing.T) {
	t.Run("database/sql", func(t *testing.T) {
		leakcheck.Goroutines(t)
		s := tnttest.StartPrivate(t, tnttest.Options{MVCC: true})
		const maxOpen = 16
		// sql_seq_scan: the check counts the rows with a full scan.
		db := openPool(t, s, "connect_timeout=2s&sql_seq_scan=true", maxOpen)
		killRestartUnderLoad(t, s, newSQLClient(t, db, "restart_rows"), 30*time.Second)
		if n := db.Stats().OpenConnections; n > maxOpen {
			t.Errorf("%d connections open, more than the pool's %d", n, maxOpen)
		}
		db.Close()
		if n := db.Stats().OpenConnections; n != 0 {
			t.Errorf("%d connections open after Close", n)
		}
		serverConnections(t, s, 0, 10*time.Second)
	})
	// While the server is down, box requests wait for the reconnection
	// until their context ends: with calls bounded by 2s, those fail too
	// (never sent, safe to retry), and the check proves they did not run.
	t.Run("box", func(t *testing.T) {
		leakcheck.Goroutines(t)
		s := tnttest.StartPrivate(t, tnttest.Options{MVCC: true})
		c := connectBox(t, s, "reconnect_delay=20ms&connect_timeout=2s")
		first := c.EngineConn()
		killRestartUnderLoad(t, s, newBoxClient(t, s, c, "restart_rows"), 2*time.Second)
		if c.EngineConn() == first {
			t.Error("the box connection was not replaced")
		}
		serverConnections(t, s, 1, 10*time.Second) // the box connection alone
		c.Close()
		serverConnections(t, s, 0, 10*time.Second)
	})
}

// killRestartUnderLoad runs 32 workers on c, each call bounded by
// callLimit, kills and restarts s twice, waiting each time for the load to
// run into the dead server and then to succeed again without help, and
// checks the outcome.
func killRestartUnderLoad(t *testing.T, s *tnttest.Server, c loadClient, callLimit time.Duration) {
	t.Helper()
	l := startLoad(c, loadOptions{
		workers:   32,
		tx:        s.Version >= version210,
		callLimit: callLimit,
	})
	stopped := false
	defer func() {
		if !stopped {
			l.finish()
		}
	}()
	l.waitOK(t, 300, 30*time.Second, "before the first kill")
	for round := 1; round <= 2; round++ {
		s.Kill()
		l.waitFailed(t, 32, 30*time.Second, "after the kill") // the load runs into the dead server
		if err := s.Restart(); err != nil {
			t.Fatal(err)
		}
		l.waitOK(t, 300, 30*time.Second, "after the restart")
	}
	l.finish()
	stopped = true
	t.Log(l.summary())
	l.check(t)
}

// TestTxKilledInFlight (2.10+; sql_seq_scan=true for the SQL part): a
// transaction open when the server dies fails to commit and leaves
// nothing after the restart; one committed before is there. The box part
// does the same with stream transactions.
func TestTxKilledInFlight(t *testing.T) {
	tnttest.RequireVersion(t, version210, "interactive transactions")
	t.Run("database/sql", txKilledSQL)
	t.Run("box", txKilledBox)
}

func txKilledSQL(t *testing.T) {
	leakcheck.Goroutines(t)
	s := tnttest.StartPrivate(t, tnttest.Options{WALMode: "write", MVCC: true})
	// sql_seq_scan: counting the rows after the restart is a full scan.
	db := openPool(t, s, "connect_timeout=2s&sql_seq_scan=true", 4)
	c := newSQLClient(t, db, "tx_killed")
	ctx := context.Background()

	if err := c.TxWrite(ctx, []string{"committed-1", "committed-2"}); err != nil {
		t.Fatal(err)
	}
	// Two transactions in flight: one will try to commit, the other to
	// write more, after the server died.
	txs := make([]*sql.Tx, 2)
	for i, v := range []string{"inflight-commit", "inflight-exec"} {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO tx_killed (v) VALUES (?)`, v); err != nil {
			t.Fatal(err)
		}
		txs[i] = tx
	}
	s.Kill()
	err := txs[0].Commit()
	var ce *engine.ConnError
	if err == nil || !errors.As(err, &ce) || errors.Is(err, driver.ErrBadConn) {
		t.Errorf("commit after the server died: got %v, want a ConnError (never driver.ErrBadConn)", err)
	}
	_, err = txs[1].Exec(`INSERT INTO tx_killed (v) VALUES ('inflight-exec-2')`)
	if err == nil || !errors.As(err, &ce) || errors.Is(err, driver.ErrBadConn) {
		t.Errorf("statement after the server died: got %v, want a ConnError (never driver.ErrBadConn)", err)
	}
	if err := txs[1].Rollback(); err == nil {
		t.Errorf("rollback after the server died: got nil, want an error")
	}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	var counts map[string]int
	for try := 0; ; try++ {
		if counts, err = c.Counts(ctx); err == nil || try == 20 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"committed-1": 1, "committed-2": 1}
	if len(counts) != len(want) || counts["committed-1"] != 1 || counts["committed-2"] != 1 {
		t.Errorf("after the restart the table holds %v, want %v", counts, want)
	}
}
