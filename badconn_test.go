package tarantool_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Sockets that fail under a pool with the default DSN, whose connections
// all share one socket. database/sql retries a request refused with
// driver.ErrBadConn twice on a pooled or new connection, then once on a
// new one: each retry must land on a fresh socket, never on the one that
// failed, or the caller sees driver.ErrBadConn. And only a request that
// was never written may be refused so: the load inserts unique keys, and
// a retried insert that had run would fail with a duplicate key.

// keysLua (for Options.ExtraLua) creates the table the load inserts into.
const keysLua = `
box.execute([[CREATE TABLE IF NOT EXISTS badconn_keys (id INTEGER PRIMARY KEY)]])
`

// dropSessionsLua (for Options.ExtraLua) defines drop_sessions(), which
// shuts down the socket of every session but the caller's: the clients
// see their connections closed while the server stays up.
const dropSessionsLua = `
local ffi = require('ffi')
ffi.cdef('int shutdown(int, int);')
local fds = {}
box.session.on_connect(function() fds[box.session.id()] = box.session.fd() end)
box.session.on_disconnect(function() fds[box.session.id()] = nil end)
function drop_sessions()
    local n = 0
    for id, fd in pairs(fds) do
        if id ~= box.session.id() then
            ffi.C.shutdown(fd, 2)
            n = n + 1
        end
    end
    return n
end
`

// queryLoad runs, from each of its workers until stop, db.QueryContext of
// SELECT 1 and db.ExecContext of an INSERT of a key never used before,
// and sorts what the callers see. Rounds are numbered: settle waits until
// every worker has finished a call begun in the current round.
type queryLoad struct {
	round   atomic.Int64
	settled []atomic.Int64 // per worker: the last round one of its calls began in and succeeded
	notify  chan struct{}  // a worker settled
	keys    atomic.Int64
	badConn atomic.Int64 // callers that saw driver.ErrBadConn
	connErr atomic.Int64 // callers that saw another connection error
	mu      sync.Mutex
	other   []error // errors that are not connection errors
	first   error   // the first driver.ErrBadConn seen
	stop    func()
}

func startQueryLoad(t *testing.T, db *sql.DB, workers int) *queryLoad {
	t.Helper()
	l := &queryLoad{settled: make([]atomic.Int64, workers), notify: make(chan struct{}, 1)}
	l.round.Store(1)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-done:
					return
				default:
				}
				l.call(db, i, n%2 == 0)
			}
		}()
	}
	var once sync.Once
	l.stop = func() { once.Do(func() { close(done); wg.Wait() }) }
	t.Cleanup(l.stop)
	return l
}

func (l *queryLoad) call(db *sql.DB, worker int, query bool) {
	round := l.round.Load()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var err error
	if query {
		var rows *sql.Rows
		if rows, err = db.QueryContext(ctx, "SELECT 1"); err == nil {
			for rows.Next() {
			}
			err = rows.Close()
		}
	} else {
		_, err = db.ExecContext(ctx, "INSERT INTO badconn_keys VALUES (?)", l.keys.Add(1))
	}
	var ce *engine.ConnError
	var de *engine.DialError
	switch {
	case err == nil:
		if l.settled[worker].Load() < round {
			l.settled[worker].Store(round)
			select {
			case l.notify <- struct{}{}:
			default:
			}
		}
		return
	case errors.Is(err, driver.ErrBadConn):
		if l.badConn.Add(1) == 1 {
			l.mu.Lock()
			l.first = err
			l.mu.Unlock()
		}
	case errors.As(err, &ce), errors.As(err, &de):
		// The request was written when its socket failed, or the
		// server was away: a connection error the caller may act on.
		l.connErr.Add(1)
	case errors.Is(err, iproto.ErTupleFound):
		err = fmt.Errorf("an insert that had run was retried: %w", err)
		fallthrough
	default:
		l.mu.Lock()
		l.other = append(l.other, err)
		l.mu.Unlock()
	}
	// Do not spin on a server that is away.
	time.Sleep(time.Millisecond)
}

// next starts a new round: call it once the fault is over.
func (l *queryLoad) next() { l.round.Add(1) }

// settle waits until every worker has succeeded in a call begun in the
// current round: no call from before it is still in flight.
func (l *queryLoad) settle(t *testing.T, what string) {
	t.Helper()
	round := l.round.Load()
	timeout := time.After(20 * time.Second)
	for {
		waiting := 0
		for i := range l.settled {
			if l.settled[i].Load() < round {
				waiting++
			}
		}
		if waiting == 0 {
			return
		}
		select {
		case <-l.notify:
		case <-timeout:
			t.Fatalf("%s: %d of %d workers without a successful call within 20s", what, waiting, len(l.settled))
		}
	}
}

// check stops the load and reports what callers saw.
func (l *queryLoad) check(t *testing.T) {
	t.Helper()
	l.stop()
	t.Logf("%d callers saw a connection error, %d driver.ErrBadConn", l.connErr.Load(), l.badConn.Load())
	if n := l.badConn.Load(); n > 0 {
		t.Errorf("%d callers saw driver.ErrBadConn (first: %v), want 0: a retry landed on a socket that had failed", n, l.first)
	}
	if l.connErr.Load() == 0 {
		t.Error("no caller saw a connection error: the fault went unnoticed and the test checks nothing")
	}
	for i, err := range l.other {
		if i == 5 {
			t.Errorf("... and %d more", len(l.other)-i)
			break
		}
		t.Errorf("got %v, want success or a connection error", err)
	}
}

// openPrivateDB opens a pool on s with the default DSN.
func openPrivateDB(t *testing.T, s *tnttest.Server) *sql.DB {
	t.Helper()
	db, err := sql.Open("tarantool", s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestNoBadConnAfterServerRestart (the server's init script creates a
// table) kills and restarts the server under concurrent calls: callers
// during the outage get connection errors, and none ever gets
// driver.ErrBadConn.
func TestNoBadConnAfterServerRestart(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{ExtraLua: keysLua})
	db := openPrivateDB(t, s)
	l := startQueryLoad(t, db, 16)
	l.settle(t, "before the first kill")
	for round := 0; round < 3; round++ {
		s.Kill()
		if err := s.Restart(); err != nil {
			t.Fatal(err)
		}
		l.next()
		l.settle(t, "after the restart")
	}
	l.check(t)
}

// TestNoBadConnAfterSessionsDropped (the server's init script creates a
// table and defines drop_sessions) has the server close every client
// socket under concurrent calls, 200 times: a caller whose request was
// written may get a connection error, and none ever gets
// driver.ErrBadConn.
func TestNoBadConnAfterSessionsDropped(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{WALMode: "none", ExtraLua: keysLua + dropSessionsLua})
	admin, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	db := openPrivateDB(t, s)
	l := startQueryLoad(t, db, 16)
	l.settle(t, "before the first drop")
	for round := 0; round < 200; round++ {
		resp, err := admin.Do(context.Background(), &iproto.Call{Function: "drop_sessions"})
		if err != nil {
			t.Fatal(err)
		}
		resp.Release()
		l.next()
		l.settle(t, "after the drop")
	}
	l.check(t)
}

// TestPingOnDeadConn: a Ping on a connection whose socket has failed says
// why (the *engine.ConnError, not sent), not just driver.ErrBadConn:
// database/sql does not retry a Ping, so the reason would be lost; the
// connection is dropped all the same.
func TestPingOnDeadConn(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{})
	db, err := sql.Open("tarantool", s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var ic *engine.Conn
	if err := conn.Raw(func(dc any) error { ic = dc.(*tarantool.Conn).EngineConn(); return nil }); err != nil {
		t.Fatal(err)
	}
	s.Kill()
	<-ic.Done()
	err = conn.PingContext(ctx)
	var ce *engine.ConnError
	if !errors.As(err, &ce) || ce.Sent {
		t.Fatalf("Ping on a dead connection: got %v, want a *engine.ConnError, not sent", err)
	}
	if errors.Is(err, driver.ErrBadConn) {
		t.Errorf("Ping gave driver.ErrBadConn, which says nothing of the cause")
	}
}
