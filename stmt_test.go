package tarantool_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/sqlsession"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

func TestPrepare(t *testing.T) {
	db := openDB(t, "")
	db.SetMaxOpenConns(1)
	createTable(t, db, "pt", `id INTEGER PRIMARY KEY, name STRING`)
	ins, err := db.Prepare(`INSERT INTO pt VALUES (:id, :name)`)
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	for i := 1; i <= 3; i++ {
		if _, err := ins.Exec(sql.Named("name", "n"), sql.Named("id", i)); err != nil {
			t.Fatal(err)
		}
	}
	sel, err := db.Prepare(`SELECT name FROM pt WHERE id = ?`)
	if err != nil {
		t.Fatal(err)
	}
	defer sel.Close()
	var name string
	if err := sel.QueryRow(2).Scan(&name); err != nil || name != "n" {
		t.Fatalf("got %q %v", name, err)
	}
	if _, err := sel.Exec(1, 2); err == nil {
		t.Error("two arguments for one parameter: want an error")
	}

	// DDL from another connection expires the statement; the driver
	// prepares it again transparently.
	other := openDB(t, "")
	createTable(t, other, "pt_ddl", `id INTEGER PRIMARY KEY`)
	if err := sel.QueryRow(3).Scan(&name); err != nil || name != "n" {
		t.Errorf("after DDL: got %q %v", name, err)
	}
}

// TestUnprepareOnClose checks that Stmt.Close releases the server's
// statement: executing its id afterwards fails with ER_WRONG_QUERY_ID.
func TestUnprepareOnClose(t *testing.T) {
	db := openDB(t, "")
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const q = `SELECT 1 + ?`
	st, err := conn.PrepareContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	st2, err := conn.PrepareContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	// What the Stmts prepared: the text fingerprinted.
	fp, ok := sqlsession.NewFingerprint(q)
	if !ok {
		t.Fatal("not fingerprinted")
	}
	var id uint64
	err = conn.Raw(func(dc any) error {
		resp, err := dc.(*tarantool.Conn).EngineConn().Do(ctx, &iproto.Prepare{SQL: fp.Text})
		if err != nil {
			return err
		}
		defer resp.Release()
		var b iproto.Body
		if err := resp.Parse(&b); err != nil {
			return err
		}
		id = b.StmtID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	execID := func() error {
		return conn.Raw(func(dc any) error {
			resp, err := dc.(*tarantool.Conn).EngineConn().Do(ctx, &iproto.Execute{StmtID: id, Args: []any{1}})
			if err == nil {
				resp.Release()
			}
			return err
		})
	}
	// Our raw PREPARE of the same text shares the id; the driver's count
	// does not include it, so after closing both Stmts the id is gone.
	st.Close()
	if err := execID(); err != nil {
		t.Fatalf("one Stmt still open: %v", err)
	}
	st2.Close()
	if err := execID(); !errors.Is(err, iproto.ErWrongQueryID) {
		t.Errorf("after Close: got %v, want ER_WRONG_QUERY_ID", err)
	}
}

// TestStmtFingerprinted: a prepared statement is its text fingerprinted
// (sqlsession.Fingerprint): named arguments, one name with two prefixes
// and used twice, bind it by id; a text the server refuses gets the
// server's error about the text as written, not about the renamed
// parameters.
func TestStmtFingerprinted(t *testing.T) {
	db, log := cachedDB(t, tnttest.Require(t), "statement_cache_capacity=0")
	stmt, err := db.Prepare(`SELECT :a * 100 + @a * 10 + :b + :a * 1000`)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	log.Take()
	for i := 0; i < 3; i++ {
		var n int
		a, b := i+1, i+4
		if err := stmt.QueryRow(sql.Named("b", b), sql.Named("a", a)).Scan(&n); err != nil || n != a*1110+b {
			t.Errorf("run %d: got %d, %v; want %d", i+1, n, err, a*1110+b)
		}
	}
	if got := log.Take(); !equal(got, []string{"id", "id", "id"}) {
		t.Errorf("sent %v, want by id each time", got)
	}
	_, err = db.Prepare(`SELECT ? ?`)
	if err == nil || strings.Contains(err.Error(), "__") || !strings.Contains(err.Error(), "?") {
		t.Errorf("a syntax error: %v, want the server's error about the text as written", err)
	}
}
