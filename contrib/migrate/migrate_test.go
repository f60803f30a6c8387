package tntmigrate_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/tntsql/tarantool/contrib/migrate"
)

func TestUpDownSteps(t *testing.T) {
	s := private(t)
	db := openDB(t, s)
	// sql_seq_scan=true only for the checks' COUNT(*); the driver needs none.
	m := newMigrate(t, "migrations", s.DSN(""))
	if _, _, err := m.Version(); !errors.Is(err, migrate.ErrNilVersion) {
		t.Fatalf("Version before any migration: %v, want ErrNilVersion", err)
	}
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	wantVersion(t, m, 3, false)
	if err := m.Up(); !errors.Is(err, migrate.ErrNoChange) {
		t.Fatalf("second Up: %v, want ErrNoChange", err)
	}
	// Literals with ';', quotes and "--" came through whole.
	for id, want := range map[int]string{1: "tea; green", 2: "it's; -- not a comment", 3: "coffee"} {
		var name string
		if err := db.QueryRow("SELECT name FROM mig_items WHERE id = ?", id).Scan(&name); err != nil {
			t.Fatal(err)
		}
		if name != want {
			t.Errorf("item %d: %q, want %q", id, name, want)
		}
	}
	// The trigger, with its ';' inside BEGIN ... END, was created whole.
	var note string
	if err := db.QueryRow("SELECT note FROM mig_audit WHERE id = 3").Scan(&note); err != nil {
		t.Fatalf("the trigger's row: %v", err)
	}
	if note != "added; coffee" {
		t.Errorf("audit note %q", note)
	}
	// The index of migration 3 serves a lookup by name (no full scan on 3.x).
	if n := count(t, db, "SELECT COUNT(*) FROM mig_items WHERE name = ?", "coffee"); n != 1 {
		t.Errorf("by name: %d rows", n)
	}

	if err := m.Steps(-1); err != nil {
		t.Fatal(err)
	}
	wantVersion(t, m, 2, false)
	if err := m.Steps(-1); err != nil {
		t.Fatal(err)
	}
	wantVersion(t, m, 1, false)
	if spaceExists(t, s, db, "mig_audit") {
		t.Error("mig_audit survived the down migration")
	}
	if err := m.Steps(2); err != nil {
		t.Fatal(err)
	}
	wantVersion(t, m, 3, false)
	if err := m.Down(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.Version(); !errors.Is(err, migrate.ErrNilVersion) {
		t.Fatalf("Version after Down: %v, want ErrNilVersion", err)
	}
	if spaceExists(t, s, db, "mig_items") {
		t.Error("mig_items survived Down")
	}
	if err := m.Migrate(2); err != nil {
		t.Fatal(err)
	}
	wantVersion(t, m, 2, false)
}

func TestDirtyAfterFailure(t *testing.T) {
	s := private(t)
	db := openDB(t, s)
	m := newMigrate(t, "failing", s.DSN(""))
	err := m.Up()
	if err == nil {
		t.Fatal("Up of a failing migration succeeded")
	}
	// The error names the statement and its line in the file.
	if msg := err.Error(); !strings.Contains(msg, "fail_missing") || !strings.Contains(msg, "line 3") {
		t.Errorf("error %q does not name the statement and line 3", msg)
	}
	wantVersion(t, m, 2, true)
	// Statements run one by one, outside a transaction: the first stays.
	if !spaceExists(t, s, db, "fail_half") {
		t.Error("the statement before the failing one was not applied")
	}
	// A dirty database refuses to migrate until forced.
	if err := m.Up(); err == nil || !strings.Contains(err.Error(), "Dirty") {
		t.Fatalf("Up on a dirty database: %v, want ErrDirty", err)
	}
	if err := m.Force(1); err != nil {
		t.Fatal(err)
	}
	wantVersion(t, m, 1, false)
}
