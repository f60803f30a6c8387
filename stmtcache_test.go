package tarantool_test

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// cachedDB opens a pool on s with the DSN parameters given and a
// tnttest.RequestKinds tracer.
func cachedDB(t *testing.T, s *tnttest.Server, params string) (*sql.DB, *tnttest.RequestKinds) {
	t.Helper()
	cfg, err := tarantool.ParseDSN(s.DSN(params))
	if err != nil {
		t.Fatal(err)
	}
	log := &tnttest.RequestKinds{}
	cfg.Tracer = log
	connector, err := tarantool.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	log.Take()
	return db, log
}

func queryInt(t *testing.T, db *sql.DB, text string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(text, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	return n
}

func equal(a, b []string) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// TestStatementCache: with statement_cache_capacity, a text runs as text
// the first time, is prepared at its second run and runs by id after; a
// DDL expires it and it is prepared again without an error; transaction
// control, DDL and one-off texts are never prepared; without the
// parameter nothing is.
func TestStatementCache(t *testing.T) {
	s := tnttest.Require(t)
	// A full scan below: allowed on 3.x by sql_seq_scan (a no-op before 2.11).
	db, log := cachedDB(t, s, "statement_cache_capacity=8&sql_seq_scan=true")
	createTable(t, db, "sc_t", "id INTEGER PRIMARY KEY, v INTEGER")
	log.Take()
	const q = `SELECT COUNT(*) + ? FROM sc_t`
	for i, want := range [][]string{{"text"}, {"prepare", "id"}, {"id"}} {
		if n := queryInt(t, db, q, 1); n != 1 {
			t.Fatalf("run %d: got %d, want 1", i+1, n)
		}
		if got := log.Take(); !equal(got, want) {
			t.Errorf("run %d sent %v, want %v", i+1, got, want)
		}
	}
	if _, err := db.Exec(`CREATE INDEX sc_t_v ON sc_t (v)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO sc_t VALUES (1, 1)`); err != nil {
		t.Fatal(err)
	}
	log.Take()
	if n := queryInt(t, db, q, 1); n != 2 {
		t.Errorf("after DDL: got %d, want 2", n)
	}
	if got := log.Take(); !equal(got, []string{"id", "unprepare", "prepare", "id"}) && !equal(got, []string{"id", "prepare", "id"}) {
		t.Errorf("after DDL sent %v, want the expired id, a new PREPARE and the id", got)
	}

	// Never cached: DDL, texts run once, and texts without parameters
	// (nothing to carry the fingerprint).
	for i := 0; i < 3; i++ {
		db.Exec(`DROP INDEX nosuch_index_sc ON sc_t`)
		queryInt(t, db, `SELECT 8`)
	}
	queryInt(t, db, `SELECT 7 + ?`, 0)
	for _, k := range log.Take() {
		if k != "text" {
			t.Errorf("a DDL text, a text without parameters or a one-off text sent %q", k)
		}
	}

	byDefault, logDefault := cachedDB(t, s, "sql_seq_scan=true")
	off, logOff := cachedDB(t, s, "sql_seq_scan=true&statement_cache_capacity=0")
	for i := 0; i < 3; i++ {
		queryInt(t, byDefault, q, 1)
		queryInt(t, off, q, 1)
	}
	if got := logDefault.Take(); !equal(got, []string{"text", "prepare", "id", "id"}) {
		t.Errorf("with the default DSN sent %v, want the cache on", got)
	}
	if got := logOff.Take(); !equal(got, []string{"text", "text", "text"}) {
		t.Errorf("with statement_cache_capacity=0 sent %v, want text each time", got)
	}
}

// TestStatementCacheNamed: named parameters, one of them written with two
// prefixes and used twice, bind right through the cache, whose prepared
// text renames them.
func TestStatementCacheNamed(t *testing.T) {
	db, log := cachedDB(t, tnttest.Require(t), "")
	const q = `SELECT :a * 100 + @a * 10 + :b + :a * 1000`
	for i := 0; i < 3; i++ {
		a, b := i+1, i+4
		if n := queryInt(t, db, q, sql.Named("b", b), sql.Named("a", a)); n != a*1110+b {
			t.Errorf("run %d: got %d, want %d", i+1, n, a*1110+b)
		}
	}
	if got := log.Take(); !equal(got, []string{"text", "prepare", "id", "id"}) {
		t.Errorf("sent %v, want the text prepared at its second run", got)
	}
	// The checks of the arguments are the text's.
	var n int
	err := db.QueryRow(q, sql.Named("a", 1)).Scan(&n)
	if err == nil || !strings.Contains(err.Error(), "no argument for parameter :b") {
		t.Errorf("a missing argument: %v", err)
	}
}

// TestStatementCacheForeignCollision: a text whose fingerprinted form has
// the id of a statement another process prepared, of the same shape (one
// parameter, one column), runs its own text: the reply names the other
// statement's parameter "?", not the fingerprint's.
func TestStatementCacheForeignCollision(t *testing.T) {
	s := tnttest.Require(t)
	tnttest.PrepareForeignCollision(t, s)
	db, log := cachedDB(t, s, "")
	for i := 0; i < 3; i++ {
		if n := queryInt(t, db, tnttest.CollideCached, 2); n != 2*7234 {
			t.Errorf("run %d of %s: got %d, want %d (the other statement gives %d)", i+1, tnttest.CollideCached, n, 2*7234, 2+147026)
		}
	}
	if got := log.Take(); !equal(got, []string{"text", "prepare", "text", "text"}) {
		t.Errorf("sent %v, want the PREPARE refused and text after", got)
	}
}

// TestStatementCacheEviction: beyond capacity the least recently used
// statement is unprepared; a text evicted runs again, prepared anew.
func TestStatementCacheEviction(t *testing.T) {
	db, log := cachedDB(t, tnttest.Require(t), "statement_cache_capacity=2")
	texts := []string{`SELECT 1 + ?`, `SELECT 2 + ?`, `SELECT 3 + ?`}
	for round := 0; round < 2; round++ {
		for i, q := range texts {
			if n := queryInt(t, db, q, 0); n != i+1 {
				t.Fatalf("%s: got %d", q, n)
			}
		}
	}
	got := log.Take()
	want := []string{"text", "text", "text", "prepare", "id", "prepare", "id", "prepare", "unprepare", "id"}
	if !equal(got, want) {
		t.Errorf("sent %v, want %v", got, want)
	}
	if n := queryInt(t, db, texts[0], 0); n != 1 {
		t.Errorf("the evicted text: got %d", n)
	}
}

// TestStatementCacheServerFull: when the server's statement memory
// (sql_cache_size) is full, the cache gives room and the texts still run,
// with no error reaching the caller.
func TestStatementCacheServerFull(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{ExtraLua: "box.cfg{sql_cache_size = 8 * 1024}"})
	db, log := cachedDB(t, s, "statement_cache_capacity=1000")
	for round := 0; round < 3; round++ {
		for i := 0; i < 100; i++ {
			q := fmt.Sprintf(`SELECT %d + ?`, i)
			if n := queryInt(t, db, q, 1); n != i+1 {
				t.Fatalf("%s: got %d", q, n)
			}
		}
	}
	counts := map[string]int{}
	for _, k := range log.Take() {
		counts[k]++
	}
	if counts["id"] == 0 || counts["unprepare"] == 0 {
		t.Errorf("sent %v: want some by id and some unprepared to make room", counts)
	}
	t.Logf("sent %v", counts)
}

// TestStatementCacheConcurrent: goroutines sharing one socket run many
// texts through a small cache: every result is its own.
func TestStatementCacheConcurrent(t *testing.T) {
	db, _ := cachedDB(t, tnttest.Require(t), "statement_cache_capacity=4")
	db.SetMaxOpenConns(8)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				k := (g*7 + i) % 12
				var n int
				if err := db.QueryRow(fmt.Sprintf(`SELECT %d + ?`, k), i).Scan(&n); err != nil {
					errs <- err
					return
				}
				if n != k+i {
					errs <- fmt.Errorf("SELECT %d + %d gave %d", k, i, n)
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

// TestStatementCacheCollision: a cached text whose server id collides
// with a statement another Stmt of the process holds runs its own text.
func TestStatementCacheCollision(t *testing.T) {
	s := tnttest.Require(t)
	holder := openDB(t, "")
	stmt, err := holder.Prepare(collideA)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	db, _ := cachedDB(t, s, "statement_cache_capacity=8")
	for i := 0; i < 3; i++ {
		if n := queryInt(t, db, collideB, 1); n != 71140 {
			t.Errorf("run %d of %s: got %d, want 71140", i+1, collideB, n)
		}
	}
}
