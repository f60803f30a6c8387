package tntmigrate_test

import (
	"testing"

	dt "github.com/golang-migrate/migrate/v4/database/testing"
	tntmigrate "github.com/tntsql/tarantool/contrib/migrate"
)

// TestDriverSuite runs golang-migrate's own tests of a database driver.
func TestDriverSuite(t *testing.T) {
	s := private(t)
	d, err := tntmigrate.WithInstance(openDB(t, s), &tntmigrate.Config{})
	if err != nil {
		t.Fatal(err)
	}
	dt.Test(t, d, []byte("CREATE TABLE suite_t (id INTEGER PRIMARY KEY, v STRING); INSERT INTO suite_t VALUES (1, 'a;b')"))
}
