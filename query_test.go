package tarantool_test

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

func TestQueryTypesAndMetadata(t *testing.T) {
	db := openDB(t, "")
	createTable(t, db, "qt", `id INTEGER PRIMARY KEY, u UNSIGNED, d DOUBLE, s STRING, b BOOLEAN, v VARBINARY, n TEXT NOT NULL`)
	_, err := db.Exec(`INSERT INTO qt VALUES (?, ?, ?, ?, ?, ?, ?)`,
		int64(math.MinInt64), uint64(math.MaxUint64), 1.5, "héllo", true, []byte{0, 1, 2}, "x")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT id, u, d, s, b, v, n, NULL AS z FROM qt WHERE id < 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	want := []string{"id", "u", "d", "s", "b", "v", "n", "z"}
	for i := range want {
		want[i] = tnttest.SQLName(tnttest.Require(t).Version, want[i])
	}
	if !reflect.DeepEqual(cols, want) {
		t.Errorf("got columns %v, want %v", cols, want)
	}
	types, _ := rows.ColumnTypes()
	wantTypes := []string{"INTEGER", "UNSIGNED", "DOUBLE", "STRING", "BOOLEAN", "VARBINARY", "STRING"}
	for i, w := range wantTypes {
		if got := types[i].DatabaseTypeName(); got != w {
			t.Errorf("column %s: got type %s, want %s", cols[i], got, w)
		}
	}
	if n, ok := types[0].Nullable(); !ok || n {
		t.Errorf("primary key: got nullable=%v ok=%v, want false true", n, ok)
	}
	if n, ok := types[1].Nullable(); !ok || !n {
		t.Errorf("column U: got nullable=%v ok=%v, want true true", n, ok)
	}
	if st := types[0].ScanType(); st != reflect.TypeFor[int64]() {
		t.Errorf("ID scan type %v, want int64", st)
	}
	if st := types[1].ScanType(); st != reflect.TypeFor[sql.Null[uint64]]() {
		t.Errorf("U scan type %v, want sql.Null[uint64]", st)
	}
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	var (
		id int64
		u  uint64
		d  float64
		s  string
		b  bool
		v  []byte
		n  string
		z  sql.NullString
	)
	if err := rows.Scan(&id, &u, &d, &s, &b, &v, &n, &z); err != nil {
		t.Fatal(err)
	}
	if id != math.MinInt64 || u != math.MaxUint64 || d != 1.5 || s != "héllo" || !b || !reflect.DeepEqual(v, []byte{0, 1, 2}) || n != "x" || z.Valid {
		t.Errorf("got %v %v %v %q %v %v %q %v", id, u, d, s, b, v, n, z)
	}
	if rows.Next() {
		t.Error("more than one row")
	}
}

func TestScanIntoAny(t *testing.T) {
	db := openDB(t, "")
	var a, b, c, d any
	err := db.QueryRow(`SELECT 1, 'x', CAST(18446744073709551615 AS UNSIGNED), NULL`).Scan(&a, &b, &c, &d)
	if err != nil {
		t.Fatal(err)
	}
	if a != int64(1) || b != "x" || c != uint64(math.MaxUint64) || d != nil {
		t.Errorf("got %#v %#v %#v %#v", a, b, c, d)
	}
}

func TestExecResult(t *testing.T) {
	db := openDB(t, "")
	createTable(t, db, "er", `id INTEGER PRIMARY KEY AUTOINCREMENT, name STRING`)
	res, err := db.Exec(`INSERT INTO er(name) VALUES (?), (?), (?)`, "a", "b", "c")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 3 {
		t.Errorf("RowsAffected %d, want 3", n)
	}
	if id, err := res.LastInsertId(); err != nil || id != 3 {
		t.Errorf("LastInsertId %d %v, want 3", id, err)
	}
	res, err = db.Exec(`UPDATE er SET name = 'z' WHERE id > ?`, 1)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 2 {
		t.Errorf("RowsAffected %d, want 2", n)
	}
	if id, err := res.LastInsertId(); id != 0 || err != nil {
		t.Errorf("LastInsertId of an UPDATE: got %d, %v; want 0 and no error (as go-sql-driver/mysql)", id, err)
	}
}

func TestServerErrors(t *testing.T) {
	db := openDB(t, "")
	createTable(t, db, "se", `id INTEGER PRIMARY KEY`)
	if _, err := db.Exec(`INSERT INTO se VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	_, err := db.Exec(`INSERT INTO se VALUES (1)`)
	var e *iproto.Error
	if !errors.Is(err, iproto.ErTupleFound) || !errors.As(err, &e) || len(e.Stack) == 0 {
		t.Errorf("duplicate key: got %v, want ER_TUPLE_FOUND with a stack", err)
	}
	_, err = db.Exec(`SELEC 1`)
	if !errors.As(err, &e) || e.Code == 0 {
		t.Errorf("syntax error: got %v", err)
	}
	// The connection is still usable after errors.
	var one int
	if err := db.QueryRow(`SELECT 1`).Scan(&one); err != nil || one != 1 {
		t.Errorf("after errors: %v %d", err, one)
	}
}

func TestArguments(t *testing.T) {
	db := openDB(t, "")
	ctx := context.Background()
	var got string
	for _, tc := range []struct {
		query string
		args  []any
		want  string
	}{
		{`SELECT ? || ?`, []any{"a", "b"}, "ab"},
		{`SELECT :x || :y || :x`, []any{sql.Named("y", "2"), sql.Named("x", "1")}, "121"},
		{`SELECT @x || '?' || ':y'`, []any{sql.Named("x", "1")}, "1?:y"},
		{`SELECT "COLUMN_1" FROM (SELECT :v) -- ? :nope`, []any{sql.Named("v", "c")}, "c"},
		{`SELECT /* :nope ? */ ?`, []any{"d"}, "d"},
	} {
		if err := db.QueryRowContext(ctx, tc.query, tc.args...).Scan(&got); err != nil {
			t.Errorf("%s: %v", tc.query, err)
		} else if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.query, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name, query string
		args        []any
	}{
		{"too few", `SELECT ?, ?`, []any{1}},
		{"too many", `SELECT ?`, []any{1, 2}},
		{"none", `SELECT ?`, nil},
		{"mixed", `SELECT :a, ?`, []any{sql.Named("a", 1), 2}},
		{"positional for named", `SELECT :a`, []any{1}},
		{"missing name", `SELECT :a, :b`, []any{sql.Named("a", 1), sql.Named("c", 1)}},
		{"unused name", `SELECT :a`, []any{sql.Named("a", 1), sql.Named("b", 2)}},
		{"unsupported type", `SELECT ?`, []any{[]int{1}}},
		{"NaN", `SELECT ?`, []any{math.NaN()}},
	} {
		if _, err := db.ExecContext(ctx, tc.query, tc.args...); err == nil {
			t.Errorf("%s: %s with %v: want an error", tc.name, tc.query, tc.args)
		}
	}
}

func TestTransactionTextRefused(t *testing.T) {
	db := openDB(t, "")
	for _, q := range []string{"BEGIN", "START TRANSACTION", "commit", "ROLLBACK", "  /* x */ BEGIN", "SAVEPOINT a", "ROLLBACK TO SAVEPOINT a"} {
		if _, err := db.Exec(q); err == nil {
			t.Errorf("%q outside a Tx: want an error", q)
		}
	}
}

func TestNullTypes(t *testing.T) {
	db := openDB(t, "")
	var out sql.Null[int64]
	if err := db.QueryRow(`SELECT ?`, sql.Null[int64]{}).Scan(&out); err != nil || out.Valid {
		t.Errorf("NULL round trip: %v %+v", err, out)
	}
	if err := db.QueryRow(`SELECT ?`, sql.Null[int64]{V: 42, Valid: true}).Scan(&out); err != nil || out.V != 42 {
		t.Errorf("42 round trip: %v %+v", err, out)
	}
	type myInt int16
	var n int
	if err := db.QueryRow(`SELECT ?`, myInt(-7)).Scan(&n); err != nil || n != -7 {
		t.Errorf("named int type: %v %d", err, n)
	}
}

func TestNullabilityUnknownWithoutFullMetadata(t *testing.T) {
	db := openDB(t, "sql_full_metadata=false")
	createTable(t, db, "nm", `id INTEGER PRIMARY KEY`)
	rows, err := db.Query(`SELECT id FROM nm WHERE id > 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types, _ := rows.ColumnTypes()
	if _, ok := types[0].Nullable(); ok {
		t.Error("nullability reported as known without sql_full_metadata")
	}
	if st := types[0].ScanType(); st != reflect.TypeFor[sql.NullInt64]() {
		t.Errorf("scan type %v, want sql.NullInt64 when nullability is unknown", st)
	}
}
