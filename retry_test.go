package tarantool_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"testing"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

func TestSafeToRetryErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"ErrBadConn", driver.ErrBadConn, true},
		{"wrapped ErrBadConn", fmt.Errorf("x: %w", driver.ErrBadConn), true},
		{"ConnError not sent", &engine.ConnError{Err: engine.ErrClosed}, true},
		{"ConnError sent", &engine.ConnError{Err: engine.ErrClosed, Sent: true}, false},
		{"DialError", &engine.DialError{Step: "connect", Err: errors.New("refused")}, true},
		{"commit unknown", fmt.Errorf("%w: %w", tarantool.ErrCommitUnknown, &engine.ConnError{Err: engine.ErrClosed, Sent: true}), false},
		{"context", context.DeadlineExceeded, false},
		{"timeout", &engine.TimeoutError{}, false},
		{"server error", &iproto.Error{Code: iproto.ErTupleFound}, false},
	} {
		if got := tarantool.SafeToRetry(tc.err); got != tc.want {
			t.Errorf("%s: SafeToRetry(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

// TestSafeToRetryNoServer: a query to an address nothing listens on fails
// safe to retry.
func TestSafeToRetryNoServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	db, err := sql.Open("tarantool", "tarantool://"+addr+"?connect_timeout=1s")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Ping()
	if err == nil || !tarantool.SafeToRetry(err) {
		t.Errorf("Ping with no server: got %v, want an error safe to retry", err)
	}
}
