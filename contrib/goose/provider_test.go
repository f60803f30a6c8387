package tntgoose_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"

	"github.com/pressly/goose/v3"
	tntgoose "github.com/tntsql/tarantool/contrib/goose"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// setup starts a server of the test's own and returns a pool on it and a
// provider for testdata/migrations.
func setup(t *testing.T, opts ...goose.ProviderOption) (*tnttest.Server, *sql.DB, *goose.Provider) {
	t.Helper()
	s := tnttest.StartPrivate(t, tnttest.Options{WALMode: "none"})
	db, err := sql.Open("tarantool", s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	p, err := tntgoose.NewProvider(db, os.DirFS("testdata/migrations"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s, db, p
}

func wantDBVersion(t *testing.T, p *goose.Provider, want int64) {
	t.Helper()
	v, err := p.GetDBVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v != want {
		t.Fatalf("db version %d, want %d", v, want)
	}
}

func TestUpDownStatus(t *testing.T) {
	s, db, p := setup(t)
	ctx := context.Background()
	wantDBVersion(t, p, 0) // creates the version table
	st, err := p.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 3 || st[0].State != goose.StatePending {
		t.Fatalf("status before Up: %+v", st)
	}
	res, err := p.Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 {
		t.Fatalf("Up ran %d migrations, want 3", len(res))
	}
	wantDBVersion(t, p, 3)
	st, err = p.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range st {
		if m.State != goose.StateApplied || m.AppliedAt.IsZero() {
			t.Errorf("migration %d: %s at %v, want applied", m.Source.Version, m.State, m.AppliedAt)
		}
	}
	for id, want := range map[int]string{1: "semi; colon", 2: "it's; fine", 3: "first line;\nsecond -- line"} {
		var body string
		if err := db.QueryRow("SELECT body FROM goose_notes WHERE id = ?", id).Scan(&body); err != nil {
			t.Fatal(err)
		}
		if body != want {
			t.Errorf("note %d: %q, want %q", id, body, want)
		}
	}
	if pending, err := p.HasPending(ctx); err != nil || pending {
		t.Fatalf("HasPending after Up: %v, %v", pending, err)
	}

	if _, err := p.Down(ctx); err != nil {
		t.Fatal(err)
	}
	wantDBVersion(t, p, 2)
	if _, err := p.DownTo(ctx, 0); err != nil {
		t.Fatal(err)
	}
	wantDBVersion(t, p, 0)
	var id int
	err = db.QueryRow(`SELECT "id" FROM "_vspace" WHERE "name" = ?`, tnttest.SQLName(s.Version, "goose_notes")).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		t.Fatalf("goose_notes after DownTo(0): %v", err)
	}
	if _, err := p.UpByOne(ctx); err != nil {
		t.Fatal(err)
	}
	wantDBVersion(t, p, 1)

	// A second provider on the same server finds the version table.
	p2, err := tntgoose.NewProvider(db, os.DirFS("testdata/migrations"))
	if err != nil {
		t.Fatal(err)
	}
	wantDBVersion(t, p2, 1)
}

func TestFailedMigration(t *testing.T) {
	_, db, _ := setup(t)
	ctx := context.Background()
	fsys := os.DirFS("testdata/failing")
	p, err := tntgoose.NewProvider(db, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err == nil {
		t.Fatal("Up of a failing migration succeeded")
	}
	// Version 1 applied, version 2 not recorded, its first statement kept.
	wantDBVersion(t, p, 1)
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM goose_half WHERE id = 1").Scan(&n); err != nil {
		t.Fatalf("the statement before the failing one: %v", err)
	}
}

func TestCustomTable(t *testing.T) {
	s, db, _ := setup(t)
	store, err := tntgoose.NewStore("my_versions")
	if err != nil {
		t.Fatal(err)
	}
	p, err := tntgoose.NewProviderStore(db, store, os.DirFS("testdata/migrations"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	wantDBVersion(t, p, 2)
	var id int
	if err := db.QueryRow(`SELECT "id" FROM "_vspace" WHERE "name" = ?`, tnttest.SQLName(s.Version, "my_versions")).Scan(&id); err != nil {
		t.Fatalf("my_versions: %v", err)
	}
	if _, err := tntgoose.NewStore("bad name"); err == nil {
		t.Error("NewStore accepted a name with a space")
	}
}
