package tarantool_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/faultproxy"
	"github.com/tntsql/tarantool/internal/leakcheck"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

// bound is how long a call that must end on its own is waited for
// before the test gives up on it: far above what it should take, so that
// a loaded machine does not fail the test, but finite.
const bound = 30 * time.Second

// silentTx opens a pool through a fault proxy on the MVCC server (2.10+),
// creates a table through a direct pool, and begins a transaction on ctx
// that has inserted one row; then it stops the server's replies. The
// caller heals the proxy when it needs the link back.
func silentTx(t *testing.T, ctx context.Context, params string) (*faultproxy.Proxy, *sql.DB, *sql.DB, *sql.Tx) {
	t.Helper()
	s := tnttest.RequireMVCC(t)
	direct := openMVCCDB(t, "")
	table := txLinkTable(t)
	createTable(t, direct, table, "id INTEGER PRIMARY KEY")
	p := tnttest.Proxy(t, s)
	db, err := sql.Open("tarantool", s.DSNVia(p.Addr(), params))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO ` + table + ` VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	p.Blackhole(faultproxy.ToClient, true)
	return p, direct, db, tx
}

// txLinkTable names the table of a test of this file.
func txLinkTable(t *testing.T) string { return "tx_link_" + strings.ToLower(t.Name()[4:]) }

// within runs f and returns its error, failing the test if f has not
// returned within bound.
func within(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(bound):
		t.Fatalf("%s has not returned after %v", what, bound)
		return nil
	}
}

// TestCommitNoReply (2.10+, MVCC): a Commit whose reply does not come
// ends with BeginTx's context and says its outcome is unknown; the
// server did get it, and the row is there once the link heals.
func TestCommitNoReply(t *testing.T) {
	tnttest.RequireMVCC(t) // started before the goroutines are counted
	leakcheck.Goroutines(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	p, direct, _, tx := silentTx(t, ctx, "")
	err := within(t, "Commit on a silent link", tx.Commit)
	if !errors.Is(err, tarantool.ErrCommitUnknown) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Commit: got %v, want ErrCommitUnknown matching context.DeadlineExceeded", err)
	}
	p.Heal()
	var n int
	table := txLinkTable(t)
	deadline := time.Now().Add(bound)
	for n == 0 && time.Now().Before(deadline) {
		if err := direct.QueryRow(`SELECT COUNT(*) FROM ` + table + ` WHERE id = 1`).Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	if n != 1 {
		t.Errorf("the COMMIT the server got left %d rows, want 1", n)
	}
}

// TestCommitRequestTimeout (2.10+, MVCC): with no deadline on BeginTx's
// context, request_timeout bounds Commit.
func TestCommitRequestTimeout(t *testing.T) {
	tnttest.RequireMVCC(t) // started before the goroutines are counted
	leakcheck.Goroutines(t)
	p, _, _, tx := silentTx(t, context.Background(), "request_timeout=500ms")
	err := within(t, "Commit on a silent link", tx.Commit)
	if !errors.Is(err, tarantool.ErrCommitUnknown) {
		t.Fatalf("Commit: got %v, want ErrCommitUnknown", err)
	}
	p.Heal()
}

// TestRollbackNoReply (2.10+, MVCC): with neither a deadline nor
// request_timeout, Rollback on a silent link ends after connect_timeout,
// the connection is not used again, and the pool closes and leaves no
// goroutine behind.
func TestRollbackNoReply(t *testing.T) {
	tnttest.RequireMVCC(t) // started before the goroutines are counted
	leakcheck.Goroutines(t)
	p, _, db, tx := silentTx(t, context.Background(), "connect_timeout=1s&sockets=0")
	if err := within(t, "Rollback on a silent link", tx.Rollback); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Rollback: got %v, want a deadline error", err)
	}
	p.Heal()
	if n := db.Stats().OpenConnections; n != 0 {
		t.Errorf("%d connections open after a rollback without reply, want the connection retired", n)
	}
	var one int
	if err := db.QueryRow(`SELECT 1`).Scan(&one); err != nil || one != 1 {
		t.Fatalf("a query after the link healed: %d, %v", one, err)
	}
	if err := within(t, "db.Close", db.Close); err != nil {
		t.Error(err)
	}
}

// TestTxContextEndsOnSilentLink (2.10+, MVCC): when BeginTx's context
// ends on a silent link, the rollback database/sql runs ends too, by
// itself (the link stays silent), and retires the connection.
func TestTxContextEndsOnSilentLink(t *testing.T) {
	tnttest.RequireMVCC(t) // started before the goroutines are counted
	leakcheck.Goroutines(t)
	ctx, cancel := context.WithCancel(context.Background())
	_, _, db, tx := silentTx(t, ctx, "connect_timeout=1s&sockets=0")
	cancel()
	err := within(t, "Commit after the context ended", tx.Commit)
	if !errors.Is(err, context.Canceled) && !errors.Is(err, sql.ErrTxDone) {
		t.Errorf("Commit after cancel: got %v, want context.Canceled or sql.ErrTxDone", err)
	}
	deadline := time.Now().Add(bound)
	for db.Stats().OpenConnections != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := db.Stats().OpenConnections; n != 0 {
		t.Fatalf("%d connections open %v after the context ended: the rollback has not ended", n, bound)
	}
}

// TestCommitAfterContextEnded (2.10+, MVCC): a Commit called once
// BeginTx's context has ended sends no COMMIT, rolls the transaction back
// and says so (not ErrCommitUnknown); no stream is left open on the
// server. database/sql checks the context itself first, so this drives
// the driver's connection directly.
func TestCommitAfterContextEnded(t *testing.T) {
	tnttest.RequireVersion(t, tnttest.VersionMVCC, "interactive transactions")
	s := tnttest.StartPrivate(t, tnttest.Options{MVCC: true})
	cfg, err := tarantool.ParseDSN(s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	connector, err := tarantool.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dc, err := connector.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer dc.Close()
	exec := func(ctx context.Context, q string) {
		t.Helper()
		if _, err := dc.(driver.ExecerContext).ExecContext(ctx, q, nil); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(context.Background(), `CREATE TABLE commit_after_ctx (id INTEGER PRIMARY KEY)`)
	ctx, cancel := context.WithCancel(context.Background())
	tx, err := dc.(driver.ConnBeginTx).BeginTx(ctx, driver.TxOptions{})
	if err != nil {
		t.Fatal(err)
	}
	exec(context.Background(), `INSERT INTO commit_after_ctx VALUES (1)`)
	cancel()
	err = tx.Commit()
	if !errors.Is(err, context.Canceled) || errors.Is(err, tarantool.ErrCommitUnknown) {
		t.Fatalf("Commit after the context ended: got %v, want context.Canceled and not ErrCommitUnknown", err)
	}
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// The ROLLBACK is sent without waiting: poll until it has run.
	expr := `return box.stat.net().STREAMS.current, box.space[...]:count()`
	var got []any
	for deadline := time.Now().Add(bound); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		resp, err := c.Do(context.Background(), &iproto.Eval{Expr: expr, Args: []any{tnttest.SQLName(s.Version, "commit_after_ctx")}})
		if err != nil {
			t.Fatal(err)
		}
		got, err = resp.DecodeData()
		resp.Release()
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) == "[0 0]" {
			return
		}
	}
	t.Errorf("open streams and rows on the server: got %v, want [0 0]", got)
}
