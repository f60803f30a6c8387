package tarantool_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

var version210 = iproto.VersionStreams

func TestTxUnsupportedServer(t *testing.T) {
	s := tnttest.Require(t)
	if s.Version >= version210 {
		t.Skipf("the server (%v) supports transactions; this test needs one older than 2.10", s.Version)
	}
	db := openDB(t, "")
	_, err := db.Begin()
	if !errors.Is(err, tarantool.ErrTxUnsupported) || !strings.Contains(err.Error(), s.Version.String()) {
		t.Errorf("got %v, want ErrTxUnsupported naming version %v", err, s.Version)
	}
	var ue *engine.UnsupportedError
	if !errors.As(err, &ue) || ue.Need != version210 || ue.Server != s.Version || !errors.Is(err, engine.ErrUnsupported) {
		t.Errorf("got %v, want an *engine.UnsupportedError needing %v on %v", err, version210, s.Version)
	}
}

func TestTx(t *testing.T) {
	db := openMVCCDB(t, "")
	ctx := context.Background()
	createTable(t, db, "txt", `id INTEGER PRIMARY KEY, v STRING`)
	count := func() int {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM txt`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO txt VALUES (1, 'a')`); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 0 {
		t.Errorf("uncommitted row visible outside the transaction: count %d", n)
	}
	var v string
	if err := tx.QueryRow(`SELECT v FROM txt WHERE id = 1`).Scan(&v); err != nil || v != "a" {
		t.Errorf("own write inside the transaction: %q %v", v, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("after commit: count %d, want 1", n)
	}

	tx, err = db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		t.Fatal(err)
	}
	tx.Exec(`INSERT INTO txt VALUES (2, 'b')`)
	if _, err := tx.Exec(`SAVEPOINT s1`); err != nil {
		t.Errorf("SAVEPOINT inside a Tx: %v", err)
	}
	tx.Exec(`INSERT INTO txt VALUES (3, 'c')`)
	if _, err := tx.Exec(`ROLLBACK TO SAVEPOINT s1`); err != nil {
		t.Errorf("ROLLBACK TO inside a Tx: %v", err)
	}
	if _, err := tx.Exec(`COMMIT`); err == nil {
		t.Error("COMMIT as text inside a Tx: want an error")
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("after rollback: count %d, want 1", n)
	}
}

func TestTxOptions(t *testing.T) {
	db := openMVCCDB(t, "txn_timeout=10s&txn_isolation=read_committed")
	s := tnttest.RequireMVCC(t)
	ctx := context.Background()
	for _, level := range []sql.IsolationLevel{sql.LevelDefault, sql.LevelReadCommitted, tarantool.LevelReadConfirmed, tarantool.LevelBestEffort} {
		tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: level})
		if err != nil {
			t.Errorf("level %v: %v", level, err)
			continue
		}
		tx.Rollback()
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelLinearizable})
	if s.Version >= iproto.MakeVersion(2, 11, 0) {
		if err != nil {
			t.Errorf("linearizable on %v: %v", s.Version, err)
		} else {
			tx.Rollback()
		}
	} else if err == nil {
		t.Errorf("linearizable on %v: want an error", s.Version)
	}
	for _, level := range []sql.IsolationLevel{sql.LevelSerializable, sql.LevelRepeatableRead, sql.LevelReadUncommitted, sql.LevelSnapshot, sql.LevelWriteCommitted} {
		if tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: level}); err == nil {
			tx.Rollback()
			t.Errorf("level %v: want an error", level)
		}
	}
}

// TestReadOnlyTx: a transaction begun with ReadOnly reads, and refuses
// before sending every statement that writes, as text or prepared; the
// transaction goes on after a refusal and nothing was written.
func TestReadOnlyTx(t *testing.T) {
	db := openMVCCDB(t, "")
	createTable(t, db, "rotx", `id INTEGER PRIMARY KEY, v INTEGER`)
	if _, err := db.Exec(`INSERT INTO rotx VALUES (1, 10)`); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRow(`SELECT v FROM rotx WHERE id = ?`, 1).Scan(&v); err != nil || v != 10 {
		t.Fatalf("read in a read-only transaction: %d, %v", v, err)
	}
	for _, q := range []string{
		`INSERT INTO rotx VALUES (2, 20)`, `UPDATE rotx SET v = 11 WHERE id = 1`, `DELETE FROM rotx WHERE id = 1`,
		`REPLACE INTO rotx VALUES (1, 12)`, `CREATE INDEX rotx_v ON rotx (v)`, `  /* c */ insert into rotx values (3, 30)`,
	} {
		if _, err := tx.Exec(q); !errors.Is(err, tarantool.ErrReadOnlyTx) {
			t.Errorf("%s: got %v, want ErrReadOnlyTx", q, err)
		}
	}
	if _, err := tx.Prepare(`UPDATE rotx SET v = ? WHERE id = 1`); !errors.Is(err, tarantool.ErrReadOnlyTx) {
		t.Errorf("preparing an UPDATE in the transaction: got %v, want ErrReadOnlyTx", err)
	}
	// A statement prepared outside, run in the transaction.
	stmt, err := db.Prepare(`UPDATE rotx SET v = ? WHERE id = 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	if _, err := tx.Stmt(stmt).Exec(13); !errors.Is(err, tarantool.ErrReadOnlyTx) {
		t.Errorf("a prepared UPDATE run in the transaction: got %v, want ErrReadOnlyTx", err)
	}
	if err := tx.QueryRow(`SELECT v FROM rotx WHERE id = ?`, 1).Scan(&v); err != nil || v != 10 {
		t.Errorf("after the refusals: %d, %v; want 10", v, err)
	}
	if err := tx.Commit(); err != nil {
		t.Errorf("commit of a read-only transaction: %v", err)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM rotx WHERE id > 0`).Scan(&n); err != nil || n != 1 {
		t.Errorf("rows after: %d, %v; want 1", n, err)
	}
}

func TestTxTimeoutFromDSN(t *testing.T) {
	db := openMVCCDB(t, "txn_timeout=100ms")
	createTable(t, db, "txto", `id INTEGER PRIMARY KEY`)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO txto VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if err := tx.Commit(); !errors.Is(err, iproto.ErTransactionTimeout) {
		t.Errorf("commit after txn_timeout: got %v, want ER_TRANSACTION_TIMEOUT", err)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM txto`).Scan(&n); err != nil || n != 0 {
		t.Errorf("rows after the timed-out transaction: %d %v, want 0", n, err)
	}
}

// TestTxWithoutMVCC runs on the shared server, which has the server's
// default memtx_use_mvcc_engine = false: the server aborts a memtx
// transaction when a statement's request ends. The driver says so at
// that statement, naming the setting, instead of letting Commit fail;
// nothing of the transaction is applied. A vinyl transaction needs no
// MVCC and works.
func TestTxWithoutMVCC(t *testing.T) {
	tnttest.RequireVersion(t, version210, "interactive transactions")
	db := openDB(t, "")
	ctx := context.Background()
	createTable(t, db, "txnomvcc", `id INTEGER PRIMARY KEY`)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec(`INSERT INTO txnomvcc VALUES (1)`)
	if !errors.Is(err, tarantool.ErrNoMVCC) || !errors.Is(err, iproto.ErTransactionYield) || !strings.Contains(err.Error(), "memtx_use_mvcc_engine") {
		t.Fatalf("first statement without MVCC: got %v, want ErrNoMVCC naming memtx_use_mvcc_engine", err)
	}
	if _, err := tx.Exec(`INSERT INTO txnomvcc VALUES (2)`); !errors.Is(err, tarantool.ErrNoMVCC) {
		t.Errorf("next statement: got %v, want ErrNoMVCC", err)
	}
	if err := tx.Commit(); !errors.Is(err, tarantool.ErrNoMVCC) {
		t.Errorf("Commit: got %v, want ErrNoMVCC", err)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM txnomvcc WHERE id > 0`).Scan(&n); err != nil || n != 0 {
		t.Errorf("rows after the aborted transaction: %d, %v, want 0", n, err)
	}

	if _, err := db.Exec(`CREATE TABLE txnomvcc_vinyl (id INTEGER PRIMARY KEY) WITH ENGINE = 'vinyl'`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec(`DROP TABLE txnomvcc_vinyl`) })
	tx, err = db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`INSERT INTO txnomvcc_vinyl VALUES (1)`, `INSERT INTO txnomvcc_vinyl VALUES (2)`} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatalf("vinyl without MVCC: %s: %v", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("vinyl without MVCC: Commit: %v", err)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM txnomvcc_vinyl WHERE id > 0`).Scan(&n); err != nil || n != 2 {
		t.Errorf("vinyl rows after Commit: %d, %v, want 2", n, err)
	}
}

// TestDDLInTx: a schema change inside an interactive transaction is
// refused unsent, text or prepared; the transaction goes on.
func TestDDLInTx(t *testing.T) {
	db := openMVCCDB(t, "")
	ctx := context.Background()
	createTable(t, db, "txddl", `id INTEGER PRIMARY KEY`)
	prepared, err := db.Prepare(`CREATE TABLE txddl_p (id INTEGER PRIMARY KEY)`)
	if err != nil {
		t.Fatal(err)
	}
	defer prepared.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`INSERT INTO txddl VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE TABLE txddl2 (id INTEGER PRIMARY KEY)`, `DROP TABLE txddl`, `  alter TABLE txddl RENAME TO txddl3`, `TRUNCATE TABLE txddl`, `CREATE INDEX txddl_i ON txddl (id)`} {
		if _, err := tx.Exec(q); !errors.Is(err, tarantool.ErrDDLInTx) {
			t.Errorf("%s in a transaction: got %v, want ErrDDLInTx", q, err)
		}
	}
	if _, err := tx.Stmt(prepared).Exec(); !errors.Is(err, tarantool.ErrDDLInTx) {
		t.Errorf("prepared CREATE TABLE in a transaction: got %v, want ErrDDLInTx", err)
	}
	if _, err := tx.Exec(`INSERT INTO txddl VALUES (2)`); err != nil {
		t.Fatalf("after the refused statements: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM txddl WHERE id > 0`).Scan(&n); err != nil || n != 2 {
		t.Errorf("rows after Commit: %d, %v, want 2", n, err)
	}
}
