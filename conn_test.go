package tarantool_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

func TestCancel(t *testing.T) {
	// The recursive CTE scans its own ephemeral table: on 3.x a scan.
	db := openDB(t, "sql_seq_scan=true")
	db.SetMaxOpenConns(1)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	var n int
	err := db.QueryRowContext(ctx, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT COUNT(*) FROM c`).Scan(&n)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v (n=%d), want context.DeadlineExceeded", err, n)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("cancellation took %v", d)
	}
	if err := db.QueryRow(`SELECT 7`).Scan(&n); err != nil || n != 7 {
		t.Errorf("after cancel: %d %v", n, err)
	}
}

// TestPoolRecovers kills and restarts the server: the broken connection is
// not reused and the pool reconnects on its own.
func TestPoolRecovers(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{WALMode: "none"})
	db, err := sql.Open("tarantool", s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(2)
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT 5`).Scan(&n); err != nil || n != 5 {
		t.Errorf("after restart: %d %v", n, err)
	}
}

func TestRawConn(t *testing.T) {
	db := openDB(t, "")
	createTable(t, db, "rc", `id INTEGER PRIMARY KEY AUTOINCREMENT, v STRING`)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var ids []int64
	err = conn.Raw(func(dc any) error {
		res, err := dc.(*tarantool.Conn).Exec(ctx, `INSERT INTO rc(v) VALUES (?), (?), (:x)`, "a", "b", sql.Named("x", "c"))
		if err != nil {
			return err
		}
		ids = res.AutoincrementIDs()
		return nil
	})
	if err == nil {
		t.Fatal("mixed positional and named arguments: want an error")
	}
	err = conn.Raw(func(dc any) error {
		res, err := dc.(*tarantool.Conn).Exec(ctx, `INSERT INTO rc(v) VALUES (?), (?), (?)`, "a", "b", "c")
		if err != nil {
			return err
		}
		ids = res.AutoincrementIDs()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 3 || ids[0] != 1 || ids[2] != 3 {
		t.Errorf("got ids %v, want [1 2 3]", ids)
	}
	// Query beside Exec: rows as driver values, with the column types.
	var got [][]driver.Value
	var dbType string
	err = conn.Raw(func(dc any) error {
		rows, err := dc.(*tarantool.Conn).Query(ctx, `SELECT id, v FROM rc WHERE id >= :first ORDER BY id`, sql.Named("first", 2))
		if err != nil {
			return err
		}
		defer rows.Close()
		dbType = rows.(driver.RowsColumnTypeDatabaseTypeName).ColumnTypeDatabaseTypeName(0)
		for {
			row := make([]driver.Value, len(rows.Columns()))
			if err := rows.Next(row); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			got = append(got, row)
		}
	})
	want := [][]driver.Value{{int64(2), "b"}, {int64(3), "c"}}
	if err != nil || !reflect.DeepEqual(got, want) || dbType != "INTEGER" {
		t.Errorf("Query through Raw: got %v (first column %s), %v; want %v (INTEGER)", got, dbType, err, want)
	}

	// Rows a Raw caller holds are its own: closed twice, or read after
	// Close, they never reach the rows of the query after them.
	err = conn.Raw(func(dc any) error {
		c := dc.(*tarantool.Conn)
		first, err := c.Query(ctx, `SELECT v FROM rc WHERE id = 1`)
		if err != nil {
			return err
		}
		first.Close()
		second, err := c.Query(ctx, `SELECT v FROM rc WHERE id = 2`)
		if err != nil {
			return err
		}
		defer second.Close()
		first.Close()
		row := make([]driver.Value, 1)
		if err := first.Next(row); err != io.EOF {
			return fmt.Errorf("Next on closed rows: got %v, %v; want io.EOF", row, err)
		}
		if err := second.Next(row); err != nil || row[0] != "b" {
			return fmt.Errorf("the next query's rows after the first's second Close: got %v, %v; want [b]", row, err)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}

func TestDSNErrors(t *testing.T) {
	for _, dsn := range []string{
		"mysql://localhost",
		"tarantool://localhost?bogus=1",
		"tarantool://localhost:99999",
		"tarantool://localhost?connect_timeout=fast",
	} {
		db, err := sql.Open("tarantool", dsn)
		if err == nil {
			err = db.Ping()
			db.Close()
		}
		if err == nil {
			t.Errorf("%s: want an error", dsn)
		}
	}
}

func TestUnixSocket(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{WALMode: "none", Unix: true})
	db, err := sql.Open("tarantool", s.DSN("connect_timeout=2s"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT 3`).Scan(&n); err != nil || n != 3 {
		t.Errorf("over a Unix socket: %d %v", n, err)
	}
}

// TestSQLSeqScan checks the sql_seq_scan session setting: on 2.11+ false
// makes a full scan fail with ER_SQL_SEQ_SCAN; before 2.11 (no such
// setting, scans always allowed) false is refused at connect and true is
// accepted.
func TestSQLSeqScan(t *testing.T) {
	s := tnttest.Require(t)
	on := openDB(t, "sql_seq_scan=true")
	createTable(t, on, "ssc", `id INTEGER PRIMARY KEY`)
	var n int
	if err := on.QueryRow(`SELECT COUNT(*) FROM ssc WHERE id + 1 > 0`).Scan(&n); err != nil {
		t.Errorf("full scan with sql_seq_scan=true: %v", err)
	}
	off := openDB(t, "sql_seq_scan=false")
	err := off.QueryRow(`SELECT COUNT(*) FROM ssc WHERE id + 1 > 0`).Scan(&n)
	if s.Version >= iproto.MakeVersion(2, 11, 0) {
		if !errors.Is(err, iproto.ErSQLSeqScan) {
			t.Errorf("full scan with sql_seq_scan=false on %v: got %v, want ER_SQL_SEQ_SCAN", s.Version, err)
		}
	} else if err == nil || !strings.Contains(err.Error(), "2.11") {
		t.Errorf("sql_seq_scan=false on %v: got %v, want an error naming 2.11", s.Version, err)
	}
}
