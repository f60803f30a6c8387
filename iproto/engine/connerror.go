package engine

import (
	"errors"
	"fmt"
)

// ErrClosed is matched by the error of a request on a connection that was
// closed or broke before the request.
var ErrClosed = errors.New("tarantool: connection closed")

// ConnError is the error of a request that failed because the connection
// failed. Sent tells whether any byte of the request may have reached the
// server: when it is false the request certainly did not run and is safe to
// retry on another connection.
type ConnError struct {
	Err  error // the cause: an I/O error, ErrClosed, a malformed reply ...
	Sent bool  // the request was (perhaps partly) written to the socket
}

func (e *ConnError) Error() string {
	state := "not sent; safe to retry"
	if e.Sent {
		state = "sent; the server may have executed it"
	}
	return fmt.Sprintf("tarantool: connection failed (request %s): %v", state, e.Err)
}

// Unwrap returns the cause.
func (e *ConnError) Unwrap() error { return e.Err }

// SafeToRetry reports whether the request never reached the server.
func (e *ConnError) SafeToRetry() bool { return !e.Sent }

// Is makes errors.Is(err, ErrClosed) true for every connection failure.
func (e *ConnError) Is(target error) bool { return target == ErrClosed }
