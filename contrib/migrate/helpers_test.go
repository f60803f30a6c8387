package tntmigrate_test

import (
	"database/sql"
	"errors"
	"testing"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/source/file"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// private starts a server of the test's own, so that the test sees only
// its own tables (Drop drops them all).
func private(t *testing.T) *tnttest.Server {
	t.Helper()
	return tnttest.StartPrivate(t, tnttest.Options{WALMode: "none"})
}

// openDB opens a pool on s, closed when the test ends.
func openDB(t *testing.T, s *tnttest.Server) *sql.DB {
	t.Helper()
	db, err := sql.Open("tarantool", s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newMigrate returns a migrate.Migrate on the files of testdata/dir and
// s, through the tarantool URL scheme, closed when the test ends.
func newMigrate(t *testing.T, dir, dsn string) *migrate.Migrate {
	t.Helper()
	m, err := migrate.New("file://testdata/"+dir, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// wantVersion checks the version migrate reports.
func wantVersion(t *testing.T, m *migrate.Migrate, want uint, wantDirty bool) {
	t.Helper()
	v, dirty, err := m.Version()
	if err != nil {
		t.Fatalf("Version: %v", err)
	}
	if v != want || dirty != wantDirty {
		t.Fatalf("version %d dirty %v, want %d dirty %v", v, dirty, want, wantDirty)
	}
}

// spaceExists reports whether the server has a space named name as an
// unquoted SQL name is stored on it.
func spaceExists(t *testing.T, s *tnttest.Server, db *sql.DB, name string) bool {
	t.Helper()
	var id int
	err := db.QueryRow(`SELECT "id" FROM "_vspace" WHERE "name" = ?`, tnttest.SQLName(s.Version, name)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	return true
}

// count returns the result of a SELECT COUNT(*)-like query.
func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
