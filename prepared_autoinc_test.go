package tarantool_test

import (
	"sync"
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

// TestPreparedAutoincrementAgain: an INSERT that generates autoincrement
// ids, prepared (db.Prepare) and through the statement cache, runs again
// and again while other SQL runs in between. Before 2.10.4 the server
// crashes on that when it runs by id (gh-6422,
// iproto.VersionPreparedAutoinc), so there the driver sends its text;
// after, it runs by id. Either way every row is there and the server
// still serves.
func TestPreparedAutoincrementAgain(t *testing.T) {
	s := tnttest.Require(t)
	// sql_seq_scan: the count at the end is a full scan (3.x refuses it
	// without).
	db, log := cachedDB(t, s, "sql_seq_scan=true")
	createTable(t, db, "autoinc_again", "id INTEGER PRIMARY KEY AUTOINCREMENT, v INTEGER")
	const insert = `INSERT INTO autoinc_again (v) VALUES (?)`
	stmt, err := db.Prepare(insert)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	log.Take()
	for i := 0; i < 2; i++ {
		if _, err := stmt.Exec(i); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"id", "id"}
	if s.Version < iproto.VersionPreparedAutoinc {
		want = []string{"text", "text"}
	}
	if got := log.Take(); !equal(got, want) {
		t.Errorf("on %s the prepared INSERT sent %v, want %v", s.Version, got, want)
	}

	const goroutines, each = 16, 40
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if _, err := stmt.Exec(i); err != nil {
					errs <- err
					return
				}
				if _, err := db.Exec(insert, i); err != nil {
					errs <- err
					return
				}
				var n int
				if err := db.QueryRow(`SELECT ? + 1`, i).Scan(&n); err != nil || n != i+1 {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := queryInt(t, db, `SELECT COUNT(*) FROM autoinc_again WHERE v >= ?`, 0); n != 2+2*goroutines*each {
		t.Errorf("%d rows, want %d", n, 2+2*goroutines*each)
	}
}
