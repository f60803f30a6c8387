// Package fakeserver is a scripted IPROTO peer for the faults a real
// Tarantool cannot be made to show on demand: a greeting that never comes,
// a reply that stops half way, a torn frame, an oversized length, garbage
// MessagePack. It listens on 127.0.0.1:0 only; everything else is tested
// against a real server.
//
// A Script is a list of Steps played in order on one accepted connection;
// the connection is closed when the script ends. Start takes one script per
// connection: the n-th connection plays the n-th script, and connections
// beyond the last script play the last one.
package fakeserver

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Step is one action of a script on a connection. An error ends the
// script and is recorded (see Server.Errors).
type Step func(s *Session) error

// Script is the steps one connection plays.
type Script []Step

// Session is one accepted connection playing its script.
type Session struct {
	nc  net.Conn
	br  *bufio.Reader
	srv *Server
	// Last is the header of the last request read; replies echo its Sync.
	Last iproto.Header
	// LastBody is the body of the last request read.
	LastBody []byte
}

// Server accepts connections on 127.0.0.1 and plays scripts on them.
type Server struct {
	ln      net.Listener
	scripts []Script
	wg      sync.WaitGroup

	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	accepted int
	active   int
	requests []iproto.RequestType
	errs     []error
	closed   bool
	idle     chan struct{} // closed and replaced as sessions end
}

// Start listens on 127.0.0.1:0 and serves scripts until the test ends.
func Start(t testing.TB, scripts ...Script) *Server {
	t.Helper()
	if len(scripts) == 0 {
		t.Fatal("fakeserver: no script")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{ln: ln, scripts: scripts, conns: map[net.Conn]struct{}{}, idle: make(chan struct{})}
	s.wg.Add(1)
	go s.acceptLoop()
	t.Cleanup(s.Close)
	return s
}

func (s *Server) acceptLoop() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			nc.Close()
			return
		}
		script := s.scripts[min(s.accepted, len(s.scripts)-1)]
		s.accepted++
		s.active++
		s.conns[nc] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go s.serve(nc, script)
	}
}

func (s *Server) serve(nc net.Conn, script Script) {
	defer s.wg.Done()
	sess := &Session{nc: nc, br: bufio.NewReader(nc), srv: s}
	for _, step := range script {
		if err := step(sess); err != nil {
			if !errors.Is(err, errEnd) {
				s.mu.Lock()
				s.errs = append(s.errs, err)
				s.mu.Unlock()
			}
			break
		}
	}
	nc.Close()
	s.mu.Lock()
	delete(s.conns, nc)
	s.active--
	close(s.idle)
	s.idle = make(chan struct{})
	s.mu.Unlock()
}

// Addr returns the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Config returns a Config for the server as guest, with a 2 s connect
// timeout and without session settings (sql_full_metadata off), so that a
// script needs to answer nothing after IPROTO_ID.
func (s *Server) Config() *engine.Config {
	c := engine.NewConfig()
	c.Address = s.Addr()
	c.ConnectTimeout = 2 * time.Second
	c.DisableSQLFullMetadata = true
	return c
}

// DSN returns a DSN for the server as guest with sql_full_metadata=false
// and the extra parameters ("" or "key=value&...").
func (s *Server) DSN(params string) string {
	dsn := "tarantool://" + s.Addr() + "?sql_full_metadata=false"
	if params != "" {
		dsn += "&" + params
	}
	return dsn
}

// Accepted returns the number of connections accepted so far.
func (s *Server) Accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// Requests returns the types of the requests read so far, on every
// connection, in order.
func (s *Server) Requests() []iproto.RequestType {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]iproto.RequestType(nil), s.requests...)
}

// Count returns how many requests of type typ were read.
func (s *Server) Count(typ iproto.RequestType) int {
	n := 0
	for _, r := range s.Requests() {
		if r == typ {
			n++
		}
	}
	return n
}

// Errors returns the errors that ended scripts early (a peer that closed
// while a step expected a request, a write to a closed socket ...).
func (s *Server) Errors() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.errs...)
}

// WaitSessions waits until every accepted connection has ended its
// script (a Stall ends when the client closes its side) and reports an
// error naming how many remain if that takes longer than d.
func (s *Server) WaitSessions(d time.Duration) error {
	deadline := time.After(d)
	for {
		s.mu.Lock()
		active, idle := s.active, s.idle
		s.mu.Unlock()
		if active == 0 {
			return nil
		}
		select {
		case <-idle:
		case <-deadline:
			return fmt.Errorf("fakeserver: %d connection(s) still open after %v", active, d)
		}
	}
}

// Close stops listening, closes every connection and waits for the
// scripts to end.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	for nc := range s.conns {
		nc.Close()
	}
	s.mu.Unlock()
	s.ln.Close()
	s.wg.Wait()
}

// errEnd ends a script without recording an error.
var errEnd = errors.New("fakeserver: end of script")
