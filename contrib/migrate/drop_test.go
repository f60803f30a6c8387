package tntmigrate_test

import (
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
)

func TestDrop(t *testing.T) {
	s := private(t)
	db := openDB(t, s)
	m := newMigrate(t, "migrations", s.DSN(""))
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	// Beside the migrations' tables and the harness's (items in SQL, kv in
	// Lua): a view, and tables linked by a foreign key, listed so that
	// the referenced one comes first.
	for _, q := range []string{
		"CREATE TABLE drop_parent (id INTEGER PRIMARY KEY)",
		"CREATE TABLE drop_child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES drop_parent (id))",
		"CREATE VIEW drop_view AS SELECT id FROM drop_parent",
		`CREATE TABLE "Drop Quoted" ("id" INTEGER PRIMARY KEY)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := m.Drop(); err != nil {
		t.Fatal(err)
	}
	var left []string
	rows, err := db.Query(`SELECT "name" FROM "_vspace" WHERE "id" >= 512 ORDER BY "id"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		left = append(left, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// The lock table stays: the migrator that drops holds its lock.
	if want := tnttest.SQLName(s.Version, "schema_migrations_lock"); len(left) != 1 || left[0] != want {
		t.Fatalf("after Drop the user spaces are %q, want only %q", left, want)
	}
	// System spaces are untouched.
	if n := count(t, db, `SELECT COUNT(*) FROM "_vspace" WHERE "id" = 280`); n != 1 {
		t.Error("_space is gone")
	}
	// A new migrator starts from nothing.
	m2 := newMigrate(t, "migrations", s.DSN(""))
	if err := m2.Up(); err != nil {
		t.Fatal(err)
	}
	wantVersion(t, m2, 3, false)
}
