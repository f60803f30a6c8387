package box_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

// TestPreparedAutoincrementAgain: a Prepared INSERT that generates
// autoincrement ids runs again and again while other SQL runs on the
// connection. Before 2.10.4 the server crashes on that by id (gh-6422,
// iproto.VersionPreparedAutoinc), so there Execute sends the text; after,
// the id. Every row is there and the server still serves.
func TestPreparedAutoincrementAgain(t *testing.T) {
	ctx := context.Background()
	s := tnttest.Require(t)
	c, log := cachedConn(t, -1) // the cache off: only the Prepared runs by id
	table := tnttest.SQLName(s.Version, "box_autoinc_again")
	if err := c.Execute(ctx, "CREATE TABLE box_autoinc_again (id INTEGER PRIMARY KEY AUTOINCREMENT, v INTEGER)").Err(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Execute(ctx, "DROP TABLE box_autoinc_again").Release() })
	p, err := c.Prepare(ctx, "INSERT INTO box_autoinc_again (v) VALUES (?)")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	log.Take()
	for i := 0; i < 2; i++ {
		if err := p.Execute(ctx, i).Err(); err != nil {
			t.Fatal(err)
		}
	}
	want := "[id id]"
	if s.Version < iproto.VersionPreparedAutoinc {
		want = "[text text]"
	}
	if got := fmt.Sprint(log.Take()); got != want {
		t.Errorf("on %s the Prepared INSERT sent %s, want %s", s.Version, got, want)
	}
	const goroutines, each = 16, 50
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if err := p.Execute(ctx, i).Err(); err != nil {
					errs <- err
					return
				}
				var rows [][]int
				if err := c.Execute(ctx, "SELECT ? + 1", i).Decode(&rows); err != nil || len(rows) != 1 || rows[0][0] != i+1 {
					errs <- fmt.Errorf("SELECT %d + 1 gave %v, %v", i, rows, err)
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
	var n int
	if err := c.Eval(ctx, "return box.space[...]:count()", table).Decode(&n); err != nil || n != 2+goroutines*each {
		t.Errorf("%d rows (%v), want %d", n, err, 2+goroutines*each)
	}
}
