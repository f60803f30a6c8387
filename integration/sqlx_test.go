package integration

import (
	"reflect"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/jmoiron/sqlx/reflectx"

	_ "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/tnttest"
)

type product struct {
	ID    int64   `db:"id"`
	Name  string  `db:"name"`
	Price float64 `db:"price"`
}

// openSqlx opens sqlx on the shared server with the mapper Tarantool needs:
// unquoted identifiers come back upper-cased (ID, NAME), so field names and
// db tags are both mapped with strings.ToUpper. Named parameters are then
// written as the mapped names (:ID, :NAME).
func openSqlx(t *testing.T) *sqlx.DB {
	t.Helper()
	s := tnttest.Require(t)
	db, err := sqlx.Open("tarantool", s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	db.Mapper = reflectx.NewMapperTagFunc("db", strings.ToUpper, strings.ToUpper)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSqlx(t *testing.T) {
	db := openSqlx(t)
	db.MustExec(`CREATE TABLE products (id INTEGER PRIMARY KEY, name STRING, price DOUBLE)`)
	t.Cleanup(func() { db.Exec(`DROP TABLE products`) })

	// sqlx expands a batch only after a column list: "...) VALUES (".
	// Without one it sends every row's arguments to one row's placeholders,
	// which the driver refuses (the server would bind NULL).
	batch := []product{{1, "tea", 2.5}, {2, "coffee", 3}, {3, "cake", 4.25}}
	if _, err := db.NamedExec(`INSERT INTO products VALUES (:ID, :NAME, :PRICE)`, batch); err == nil {
		t.Fatal("batch without a column list: want the driver's count error")
	}
	if _, err := db.NamedExec(`INSERT INTO products (id, name, price) VALUES (:ID, :NAME, :PRICE)`,
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
