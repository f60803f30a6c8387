package tarantool_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"
	"testing"
	"time"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/fakeserver"
	"github.com/tntsql/tarantool/internal/leakcheck"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Faults played by a scripted fake server, seen through database/sql: a
// clear error within the configured timeout, no retry of a request that
// may have run, and a pool that drops the broken connection.

// fakeDB opens a pool of at most one connection on a fake server.
func fakeDB(t *testing.T, srv *fakeserver.Server, params string) *sql.DB {
	t.Helper()
	db, err := sql.Open("tarantool", srv.DSN(params))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// sevenRows answers every request with one row holding 7.
var sevenRows = fakeserver.Serve(func(h iproto.Header, _ []byte) []byte {
	return fakeserver.Packet(iproto.TypeOK, h.Sync, fakeserver.SQLRows([]string{"N"}, []any{7}))
})

// checkSeven checks that the pool serves a query again.
func checkSeven(t *testing.T, db *sql.DB) {
	t.Helper()
	var n int
	fakeserver.Within(t, fakeserver.HangLimit, "the query after the fault", func() {
		if err := db.QueryRow(`SELECT 7`).Scan(&n); err != nil || n != 7 {
			t.Errorf("after the fault: got %d, %v, want 7", n, err)
		}
	})
}

func TestFaultPoolNoGreeting(t *testing.T) {
	leakcheck.Goroutines(t)
	srv := fakeserver.Start(t, fakeserver.Script{fakeserver.Stall})
	db := fakeDB(t, srv, "connect_timeout=300ms")
	var err error
	fakeserver.Within(t, 300*time.Millisecond+fakeserver.HangLimit, "Ping", func() { err = db.Ping() })
	var de *engine.DialError
	if !errors.As(err, &de) || de.Step != "greeting" || !errors.Is(err, context.DeadlineExceeded) || !de.SafeToRetry() {
		t.Errorf("got %v, want a DialError at the greeting step matching context.DeadlineExceeded", err)
	}
	if n := srv.Accepted(); n != 1 {
		t.Errorf("the pool connected %d times, want 1 (no retry loop)", n)
	}
	if n := db.Stats().OpenConnections; n != 0 {
		t.Errorf("%d connections open after a failed dial", n)
	}
}

// TestFaultPoolTornReply tears the reply of a query: the query fails as
// sent, is not retried behind the caller's back (it may have run), and the
// pool replaces the connection.
func TestFaultPoolTornReply(t *testing.T) {
	leakcheck.Goroutines(t)
	srv := fakeserver.Start(t,
		fakeserver.Script{fakeserver.Handshake, fakeserver.Read,
			fakeserver.SendFor(func(h iproto.Header) []byte {
				p := fakeserver.Packet(iproto.TypeOK, h.Sync, fakeserver.SQLRows([]string{"N"}, []any{7}))
				return p[:len(p)-3]
			}),
			fakeserver.Close},
		fakeserver.Script{fakeserver.Handshake, sevenRows})
	db := fakeDB(t, srv, "")
	var n int
	var err error
	fakeserver.Within(t, fakeserver.HangLimit, "the query", func() { err = db.QueryRow(`SELECT 7`).Scan(&n) })
	var ce *engine.ConnError
	if !errors.As(err, &ce) || !ce.Sent || ce.SafeToRetry() || errors.Is(err, driver.ErrBadConn) {
		t.Errorf("got %v, want a ConnError saying the request was sent", err)
	}
	if got := srv.Count(iproto.TypeExecute); got != 1 {
		t.Errorf("the server got the query %d times, want 1: a request that may have run must not be retried", got)
	}
	checkSeven(t, db)
	if n := srv.Accepted(); n != 2 {
		t.Errorf("%d connections, want 2: the broken one replaced once", n)
	}
}

// TestFaultPoolStallMidReply: the server stops in the middle of a reply.
// The query gets its request_timeout, the connection fails request_timeout
// after the last byte, and the pool does not hand it out again.
func TestFaultPoolStallMidReply(t *testing.T) {
	leakcheck.Goroutines(t)
	srv := fakeserver.Start(t,
		fakeserver.Script{fakeserver.Handshake, fakeserver.Read,
			fakeserver.SendFor(func(h iproto.Header) []byte {
				p := fakeserver.Packet(iproto.TypeOK, h.Sync, fakeserver.SQLRows([]string{"N"}, []any{7}))
				return p[:len(p)/2]
			}),
			fakeserver.Stall},
		fakeserver.Script{fakeserver.Handshake, sevenRows})
	db := fakeDB(t, srv, "request_timeout=200ms")
	var n int
	var err error
	fakeserver.Within(t, 200*time.Millisecond+fakeserver.HangLimit, "the query", func() { err = db.QueryRow(`SELECT 7`).Scan(&n) })
	var te *engine.TimeoutError
	var ce *engine.ConnError
	if !errors.As(err, &te) && !(errors.As(err, &ce) && ce.Sent) {
		t.Errorf("got %v, want a TimeoutError (or a ConnError saying it was sent)", err)
	}
	// The stalled connection closes its socket request_timeout after the
	// last byte it got; the fake sees that.
	if err := srv.WaitSessions(fakeserver.HangLimit); err != nil {
		t.Fatal(err)
	}
	checkSeven(t, db)
	if n := srv.Accepted(); n != 2 {
		t.Errorf("%d connections, want 2: the stalled one replaced", n)
	}
}

// TestFaultPoolBrokenIdleConn: the server closes a connection while it is
// idle. A request on it is never written and returns driver.ErrBadConn
// (safe to retry), and the pool does not hand the connection out again.
func TestFaultPoolBrokenIdleConn(t *testing.T) {
	leakcheck.Goroutines(t)
	srv := fakeserver.Start(t,
		fakeserver.Script{fakeserver.Handshake, fakeserver.Read, fakeserver.Reply(nil), fakeserver.Close},
		fakeserver.Script{fakeserver.Handshake, sevenRows})
	db := fakeDB(t, srv, "")
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	err = conn.Raw(func(dc any) error {
		select {
		case <-dc.(*tarantool.Conn).EngineConn().Done():
			return nil
		case <-time.After(fakeserver.HangLimit):
			return errors.New("the connection did not notice the server closed it")
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	fakeserver.Within(t, fakeserver.HangLimit, "a query on the broken connection", func() { err = conn.QueryRowContext(ctx, `SELECT 7`).Scan(&n) })
	if !errors.Is(err, driver.ErrBadConn) {
		t.Errorf("query on a connection the server closed: got %v, want driver.ErrBadConn", err)
	}
	conn.Close()
	checkSeven(t, db)
	if got := srv.Count(iproto.TypeExecute); got != 1 {
		t.Errorf("the server got %d queries, want 1: the one on the broken connection was never written", got)
	}
}

// TestFaultPoolGarbageReply: a reply whose frame is sound but whose
// metadata is garbage gives a clear error, and the connection, still in
// step, serves the next query.
func TestFaultPoolGarbageReply(t *testing.T) {
	leakcheck.Goroutines(t)
	srv := fakeserver.Start(t, fakeserver.Script{fakeserver.Handshake, fakeserver.Read,
		fakeserver.SendFor(func(h iproto.Header) []byte {
			return fakeserver.Packet(iproto.TypeOK, h.Sync, []byte{0x82, 0x32, 0x91, 0xc1, 0x30, 0x90}) // METADATA: [<never used>]
		}),
		sevenRows})
	db := fakeDB(t, srv, "")
	var n int
	var err error
	fakeserver.Within(t, fakeserver.HangLimit, "the query", func() { err = db.QueryRow(`SELECT 7`).Scan(&n) })
	if !errors.Is(err, iproto.ErrMalformed) || !strings.Contains(err.Error(), "malformed") {
		t.Errorf("got %v, want an error matching iproto.ErrMalformed", err)
	}
	checkSeven(t, db)
	if n := srv.Accepted(); n != 1 {
		t.Errorf("%d connections, want 1: a bad body does not break the stream", n)
	}
}

// createSleepFunction creates SLEEP_MS(ms, v), an SQL function that sleeps
// in a fiber (so the server keeps serving) and returns v.
func createSleepFunction(t *testing.T, s *tnttest.Server) {
	t.Helper()
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	resp, err := c.Do(context.Background(), &iproto.Eval{Expr: `box.schema.func.create('SLEEP_MS', {
		language = 'LUA', if_not_exists = true, is_deterministic = false,
		body = [[function(ms, v) require('fiber').sleep(ms / 1000) return v end]],
		param_list = {'integer', 'any'}, returns = 'any', exports = {'LUA', 'SQL'}})`})
	if err != nil {
		t.Fatal(err)
	}
	resp.Release()
}

// TestSlowProcedureTimeout: a stored procedure slower than request_timeout
// gives the caller a deadline error on time; the connection serves other
// queries while the procedure still runs, and drops its late reply.
//
// Whether the server runs the second query while the procedure sleeps is
// up to its scheduler: under CPU load a freshly started server now and
// then (about one run in forty) holds it until the procedure returns,
// though the client wrote it at once (seen in an engine trace). A client
// that held the second request behind the abandoned one would be late
// every time, so the check allows the server two more tries.
func TestSlowProcedureTimeout(t *testing.T) {
	s := tnttest.Require(t)
	createSleepFunction(t, s)
	db, cc := countedDB(t, "request_timeout=100ms")
	var v string
	// The procedure sleeps 2 s: long enough that the query below, which
	// must be served while it runs, has room under CPU load.
	const slowMS = 2000
	const tries = 3
	for try := 1; ; try++ {
		start := time.Now()
		var err error
		fakeserver.Within(t, 100*time.Millisecond+fakeserver.HangLimit, "the slow query", func() {
			err = db.QueryRow(`SELECT SLEEP_MS(?, 'late')`, slowMS).Scan(&v)
		})
		var te *engine.TimeoutError
		if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) || te.Limit != 100*time.Millisecond {
			t.Fatalf("got %v, want a TimeoutError of 100ms matching context.DeadlineExceeded", err)
		}
		// A context of its own (request_timeout would give it 100 ms);
		// that it was served while the procedure ran is what matters,
		// not how fast.
		next, cancelNext := context.WithTimeout(context.Background(), 10*time.Second)
		err = db.QueryRowContext(next, `SELECT 'next'`).Scan(&v)
		cancelNext()
		if err != nil || v != "next" {
			t.Fatalf("while the slow procedure runs: got %q, %v, want next", v, err)
		}
		d := time.Since(start)
		if d < slowMS*time.Millisecond {
			break
		}
		if try == tries {
			t.Fatalf("in %d tries, the next query returned %v after the slow one began, not while it ran", tries, d)
		}
		t.Logf("try %d: the next query returned %v after the slow one began; trying again", try, d)
	}
	// This reply comes after the late one (slowMS after the first call
	// began), which the connection must drop rather than hand out here.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.QueryRowContext(ctx, `SELECT SLEEP_MS(?, 'own')`, slowMS).Scan(&v); err != nil || v != "own" {
		t.Errorf("after the late reply: got %q, %v, want own", v, err)
	}
	if n := cc.n.Load(); n != 1 {
		t.Errorf("%d connections opened, want 1: a timeout does not break the connection", n)
	}
}
