package tarantool

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/tntsql/tarantool/internal/sqlsession"
	"github.com/tntsql/tarantool/iproto/engine"
)

// session is one iproto connection (one server session) and the driver
// connections that run on it. Unless Config.Sockets is negative the Connector
// shares a few sessions among all the connections of its pool; otherwise
// each connection has its own.
type session struct {
	ic *engine.Conn
	// broken is set when a request on the session failed for the
	// socket: it is never handed out again, whatever ic.Err says.
	broken atomic.Bool

	// cache is the statement cache (stmtcache.go); nil when
	// Config.StatementCacheSize is 0 (the cache turned off).
	cache *stmtCache

	mu     sync.Mutex
	refs   int            // open Conns on the session
	closed bool           // refs reached 0: the socket is closed
	stmts  map[uint64]int // prepared statement id -> its holders: open Stmts of all the Conns, the cache
}

func newSession(ic *engine.Conn, cfg *Config) *session {
	s := &session{ic: ic, refs: 1, stmts: map[uint64]int{}}
	if n := cfg.StatementCacheSize(); n > 0 {
		s.cache = newStmtCache(n)
	}
	return s
}

// usable reports whether the session's socket has not failed and its
// instance still has the role the DSN asks for (target_session_attrs).
func (s *session) usable() bool {
	return !s.broken.Load() && s.ic.Err() == nil && s.ic.RoleMatches()
}

// markBroken records that a request on the session failed because its
// socket did: Connect dials a new socket rather than hand out this one,
// so that database/sql's retry of a request refused with
// driver.ErrBadConn lands on a fresh socket.
func (s *session) markBroken() { s.broken.Store(true) }

// acquire adds a Conn to a live session.
func (s *session) acquire() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || !s.usable() {
		return false
	}
	s.refs++
	return true
}

// release removes a Conn, closing the socket after the last one.
func (s *session) release() error {
	s.mu.Lock()
	s.refs--
	last := s.refs == 0
	if last {
		s.closed = true
		// The server drops the session's statements with the socket.
		for id := range s.stmts {
			sqlsession.ReleasePreparedID(id)
		}
		clear(s.stmts)
	}
	s.mu.Unlock()
	if last {
		return s.ic.Close()
	}
	return nil
}

// addStmt counts one more holder (an open Stmt, the statement cache) of
// the statement id prepared for text. It reports false, counting nothing,
// when id stands for another text in the process (prepared_ids.go): the
// holder must then run its text unprepared.
func (s *session) addStmt(id uint64, text string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stmts[id] == 0 {
		if !sqlsession.ClaimPreparedID(id, text) {
			return false
		}
	} else if sqlsession.PreparedIDText(id) != text {
		return false
	}
	s.stmts[id]++
	return true
}

// dropStmt counts one Stmt with id less and reports whether it was the
// last: the server's id is a hash of the text, shared by every Stmt of the
// session with that text, so only the last may unprepare it.
func (s *session) dropStmt(id uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stmts[id] == 0 {
		return false // not held (a statement that runs as text)
	}
	if s.stmts[id]--; s.stmts[id] > 0 {
		return false
	}
	delete(s.stmts, id)
	sqlsession.ReleasePreparedID(id)
	return true
}

// sessions is a Connector's set of shared sessions.
type sessions struct {
	mu    sync.Mutex
	slots []*session
	next  int
}

// get returns a live shared session, dialing one when its slot has none
// or holds one whose socket failed (the Conns still on that one are
// refused by ResetSession and IsValid, and close it as they go).
func (ss *sessions) get(ctx context.Context, cfg *Config, dialed *socketSet) (*session, error) {
	ss.mu.Lock()
	i := ss.next % len(ss.slots)
	ss.next++
	if s := ss.slots[i]; s != nil && s.acquire() {
		ss.mu.Unlock()
		return s, nil
	}
	ss.mu.Unlock()
	ic, err := engine.Dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	dialed.add(ic)
	s := newSession(ic, cfg)
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if cur := ss.slots[i]; cur != nil && cur.acquire() {
		// Another Connect filled the slot meanwhile: use its session.
		ic.Close()
		return cur, nil
	}
	ss.slots[i] = s
	return s, nil
}
