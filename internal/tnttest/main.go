package tnttest

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// shared is the server TestMain started for the package, nil if none.
var shared *Server

// mvcc is the package's server with memtx_use_mvcc_engine = true, started
// by the first RequireMVCC.
var mvcc struct {
	once sync.Once
	s    *Server
	err  error
}

// Main runs a test package against one shared server: it starts the server,
// runs the tests and stops it. When no tarantool binary exists the tests
// run without a server (Require skips them), except with CI=true, where a
// missing binary fails the run.
func Main(m *testing.M) {
	os.Exit(run(m, nil))
}

// run starts the shared server, then calls also (when not nil), which
// returns how to undo what it did, and runs the tests.
func run(m *testing.M, also func() (stop func())) int {
	s, err := Start(Options{})
	switch {
	case errors.Is(err, ErrNoBinary) && os.Getenv("CI") != "true":
		fmt.Fprintln(os.Stderr, "tnttest: no tarantool binary; tests that need a server are skipped")
		onlyTests()
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		return 1
	default:
		shared = s
		defer s.Stop()
		defer func() {
			if mvcc.s != nil {
				mvcc.s.Stop()
			}
		}()
		// Examples connect with os.Getenv("TARANTOOL_DSN").
		os.Setenv("TARANTOOL_DSN", s.DSN(""))
	}
	if also != nil {
		defer also()()
	}
	return m.Run()
}

// onlyTests leaves the examples out of the run unless -run names them:
// examples cannot skip.
func onlyTests() {
	if f := flag.Lookup("test.run"); f != nil && f.Value.String() == "" {
		f.Value.Set("^(Test|Fuzz)")
	}
}

// Require returns the package's shared server, or skips the test when none
// could be started.
func Require(t testing.TB) *Server {
	t.Helper()
	if shared == nil {
		t.Skip("no tarantool server (install tarantool or set TARANTOOL_BIN)")
	}
	// A shared server that died (a crash, a signal) would fail every
	// later test with "connection refused": say so once, with its log.
	if err := shared.deadError(); err != nil {
		t.Fatal(err)
	}
	return shared
}

// RequireVersion returns the shared server if it is at least version min,
// and otherwise skips the test naming the version it needs.
func RequireVersion(t testing.TB, min iproto.Version, what string) *Server {
	t.Helper()
	s := Require(t)
	if s.Version < min {
		t.Skipf("needs Tarantool %v or later (%s); the server is %v", min, what, s.Version)
	}
	return s
}

// RequireMVCC returns the package's server with memtx_use_mvcc_engine =
// true, for a test of interactive transactions, which need it; the
// shared server runs with the server's default (off). It skips on a
// server older than 2.10, naming the version, and like Require.
func RequireMVCC(t testing.TB) *Server {
	t.Helper()
	RequireVersion(t, VersionMVCC, "interactive transactions with memtx_use_mvcc_engine = true")
	mvcc.once.Do(func() { mvcc.s, mvcc.err = Start(Options{MVCC: true}) })
	if mvcc.err != nil {
		t.Fatal(mvcc.err)
	}
	return mvcc.s
}

// StartPrivate starts a server of the test's own (for tests that kill or
// restart it) and stops it when the test ends; it skips like Require.
func StartPrivate(t testing.TB, opts Options) *Server {
	t.Helper()
	Require(t)
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}
