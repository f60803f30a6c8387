package integration

import (
	"reflect"
	"testing"

	"github.com/jmoiron/sqlx"

	_ "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/tnttest"
)

type product struct {
	ID    int64   `db:"id"`
	Name  string  `db:"name"`
	Price float64 `db:"price"`
}

// openSqlx opens sqlx on the shared server with sqlx's default mapper
// (lower-case db tags) and lower_column_names=true: Tarantool 2.x
// upper-cases unquoted names (ID, NAME), 3.x keeps them as written, and
// with the parameter both report id, name. params are more DSN
// parameters ("" or "key=value&...").
func openSqlx(t *testing.T, params string) *sqlx.DB {
	t.Helper()
	s := tnttest.Require(t)
	if params != "" {
		params = "&" + params
	}
	db, err := sqlx.Open("tarantool", s.DSN("lower_column_names=true"+params))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestColumnNamesAsSent: without lower_column_names the names are the
// server's: upper case on 2.x for unquoted names, as written on 3.x; a
// quoted name keeps its case on every version, with and without it.
func TestColumnNamesAsSent(t *testing.T) {
	s := tnttest.Require(t)
	for _, tc := range []struct {
		params string
		want   []string
	}{
		{"", []string{tnttest.SQLName(s.Version, "id"), "firstName", "LOUD"}},
		{"lower_column_names=true", []string{"id", "firstName", "loud"}},
	} {
		db, err := sqlx.Open("tarantool", s.DSN(tc.params))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := db.Query(`SELECT 1 AS id, 2 AS "firstName", 3 AS "LOUD"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		rows.Close()
		db.Close()
		if err != nil || !reflect.DeepEqual(cols, tc.want) {
			t.Errorf("%q: columns %v, %v, want %v", tc.params, cols, err, tc.want)
		}
	}
}

// TestSqlx (sql_seq_scan=true) runs sqlx's Get, Select with In,
// NamedExec batches and NamedQuery on a table of its own.
func TestSqlx(t *testing.T) {
	// sql_seq_scan: the NamedQuery filters on price, which has no index.
	db := openSqlx(t, "sql_seq_scan=true")
	db.MustExec(`CREATE TABLE products (id INTEGER PRIMARY KEY, name STRING, price DOUBLE)`)
	t.Cleanup(func() { db.Exec(`DROP TABLE products`) })

	// sqlx expands a batch only after a column list: "...) VALUES (".
	// Without one it sends every row's arguments to one row's placeholders,
	// which the driver refuses (the server would bind NULL).
	batch := []product{{1, "tea", 2.5}, {2, "coffee", 3}, {3, "cake", 4.25}}
	if _, err := db.NamedExec(`INSERT INTO products VALUES (:id, :name, :price)`, batch); err == nil {
		t.Fatal("batch without a column list: want the driver's count error")
	}
	if _, err := db.NamedExec(`INSERT INTO products (id, name, price) VALUES (:id, :name, :price)`,
		[]product{{1, "tea", 2.5}, {2, "coffee", 3}, {3, "cake", 4.25}}); err != nil {
		t.Fatal(err)
	}
	var p product
	if err := db.Get(&p, `SELECT id, name, price FROM products WHERE id = ?`, 2); err != nil {
		t.Fatal(err)
	}
	if p != (product{2, "coffee", 3}) {
		t.Errorf("Get: got %+v", p)
	}
	query, args, err := sqlx.In(`SELECT id, name, price FROM products WHERE id IN (?) ORDER BY id`, []int{1, 3})
	if err != nil {
		t.Fatal(err)
	}
	var ps []product
	if err := db.Select(&ps, db.Rebind(query), args...); err != nil {
		t.Fatal(err)
	}
	if want := []product{{1, "tea", 2.5}, {3, "cake", 4.25}}; !reflect.DeepEqual(ps, want) {
		t.Errorf("Select with In: got %+v, want %+v", ps, want)
	}
	rows, err := db.NamedQuery(`SELECT name FROM products WHERE price > :min ORDER BY name`, map[string]any{"min": 2.6})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	if want := []string{"cake", "coffee"}; !reflect.DeepEqual(names, want) {
		t.Errorf("NamedQuery: got %v, want %v", names, want)
	}
}
