package tarantool_test

import (
	"database/sql"
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
)

func TestMain(m *testing.M) { tnttest.Main(m) }

// openDB opens a pool on the shared server with extra DSN parameters.
func openDB(t testing.TB, params string) *sql.DB {
	t.Helper()
	s := tnttest.Require(t)
	db, err := sql.Open("tarantool", s.DSN(params))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openMVCCDB opens a pool on the package's server with
// memtx_use_mvcc_engine = true, for tests of interactive transactions on
// memtx, which need it (2.10+; the test skips on older servers).
func openMVCCDB(t testing.TB, params string) *sql.DB {
	t.Helper()
	s := tnttest.RequireMVCC(t)
	db, err := sql.Open("tarantool", s.DSN(params))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// createTable creates a table unique to the test and drops it afterwards.
func createTable(t testing.TB, db *sql.DB, name, columns string) {
	t.Helper()
	if _, err := db.Exec("CREATE TABLE " + name + " (" + columns + ")"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec("DROP TABLE " + name) })
}
