package box_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// cachedConn connects box with the statement cache of the given capacity
// and a tnttest.RequestKinds tracer.
func cachedConn(t *testing.T, capacity int) (*box.Conn, *tnttest.RequestKinds) {
	t.Helper()
	cfg := tnttest.Require(t).Config()
	cfg.StatementCacheCapacity = capacity
	log := &tnttest.RequestKinds{}
	cfg.Tracer = log
	c, err := box.ConnectConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	log.Take()
	return c, log
}

func execInt(t *testing.T, c *box.Conn, text string, args ...any) int {
	t.Helper()
	var rows [][]int
	if err := c.Execute(context.Background(), text, args...).Decode(&rows); err != nil || len(rows) != 1 {
		t.Fatalf("%s: %v, %v", text, rows, err)
	}
	return rows[0][0]
}

// TestExecuteStatementCache: box's Execute with the cache runs a text as
// text first, prepares it at its second run, and runs it by id after;
// beyond capacity the oldest is unprepared; texts of several statements
// and texts that collide with another's statement run as text.
func TestExecuteStatementCache(t *testing.T) {
	c, log := cachedConn(t, 1)
	for i, want := range []string{"[text]", "[prepare id]", "[id]"} {
		if n := execInt(t, c, "SELECT ? + 1", i); n != i+1 {
			t.Fatalf("run %d: got %d", i+1, n)
		}
		if got := fmt.Sprint(log.Take()); got != want {
			t.Errorf("run %d sent %s, want %s", i+1, got, want)
		}
	}
	execInt(t, c, "SELECT ? + 2", 0)
	log.Take()
	if n := execInt(t, c, "SELECT ? + 2", 0); n != 2 {
		t.Errorf("second text: got %d", n)
	}
	if got := fmt.Sprint(log.Take()); got != "[prepare unprepare id]" {
		t.Errorf("the second text beyond capacity 1 sent %s, want the first unprepared", got)
	}
	for i := 0; i < 3; i++ {
		c.Execute(context.Background(), "SELECT 1; SELECT 2").Release()
	}
	if got := fmt.Sprint(log.Take()); got != "[text text text]" {
		t.Errorf("several statements sent %s, want text each time", got)
	}
}

// TestExecuteStatementCacheCollision: a text whose fingerprinted form
// has the server id of a statement another process prepared, of the same
// shape, runs its own text (tnttest.CollideCached and CollideForeign).
func TestExecuteStatementCacheCollision(t *testing.T) {
	tnttest.PrepareForeignCollision(t, tnttest.Require(t))
	c, log := cachedConn(t, 8)
	for i := 0; i < 3; i++ {
		if n := execInt(t, c, tnttest.CollideCached, 2); n != 2*7234 {
			t.Errorf("run %d: got %d, want %d (the other statement gives %d)", i+1, n, 2*7234, 2+147026)
		}
	}
	if got := fmt.Sprint(log.Take()); got != "[text prepare text text]" {
		t.Errorf("sent %s, want the PREPARE refused and text after", got)
	}
}

// TestExecuteStatementCacheNamed: Named arguments, in any order, bind the
// renamed parameters of the cached statement; positions that do not bind
// the parameters one to one run as text, for the server to judge.
func TestExecuteStatementCacheNamed(t *testing.T) {
	c, log := cachedConn(t, 0) // the default capacity
	const q = "SELECT :a * 100 + @a * 10 + :b + :a * 1000"
	for i := 0; i < 3; i++ {
		a, b := i+1, i+4
		if n := execInt(t, c, q, box.Named(":b", b), box.Named(":a", a), box.Named("@a", a)); n != a*1110+b {
			t.Errorf("run %d: got %d, want %d", i+1, n, a*1110+b)
		}
	}
	if got := fmt.Sprint(log.Take()); got != "[text prepare id id]" {
		t.Errorf("sent %s, want the text prepared at its second run", got)
	}
	// By position: the server binds :a, @a, :b in order of first use.
	if n := execInt(t, c, q, 1, 2, 3); n != 1*1100+2*10+3 {
		t.Errorf("by position: got %d", n)
	}
	if got := fmt.Sprint(log.Take()); got != "[text]" {
		t.Errorf("by position sent %s, want text", got)
	}
}

// TestExecuteStatementCacheConcurrent: goroutines running many texts
// through a small cache on one Conn each get their own results, also while
// entries are evicted under them.
func TestExecuteStatementCacheConcurrent(t *testing.T) {
	c, _ := cachedConn(t, 3)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 150; i++ {
				k := (g*5 + i) % 10
				var rows [][]int
				if err := c.Execute(context.Background(), fmt.Sprintf("SELECT %d + ?", k), i).Decode(&rows); err != nil {
					errs <- err
					return
				}
				if len(rows) != 1 || rows[0][0] != k+i {
					errs <- fmt.Errorf("SELECT %d + %d gave %v", k, i, rows)
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
}
