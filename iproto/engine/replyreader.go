package engine

import (
	"fmt"
	"net"
	"sync/atomic"
	"time"
)

// replyReader is the socket as the connection reads it. Between replies a
// read may wait for ever (a slow procedure is not a fault); once a reply
// has begun, each read of the rest must bring data within idle
// (Config.RequestTimeout), or it fails and the connection with it: a server
// that stops in the middle of a reply leaves the stream out of step for
// good. Only the goroutine reading the connection touches it.
type replyReader struct {
	nc       net.Conn
	idle     time.Duration // 0: no limit
	midReply bool          // a reply has begun
	deadline bool          // a read deadline is set on nc
	read     atomic.Uint64 // bytes read, for Stats

	// beforeRead runs before each read of the socket, which may block
	// (Conn.releaseWrites: writes held for replies being handed out wait
	// no longer).
	beforeRead func()
}

// Read implements io.Reader.
func (r *replyReader) Read(p []byte) (int, error) {
	if r.beforeRead != nil {
		r.beforeRead()
	}
	if r.midReply && r.idle > 0 {
		r.nc.SetReadDeadline(time.Now().Add(r.idle))
		r.deadline = true
	}
	n, err := r.nc.Read(p)
	r.read.Add(uint64(n))
	return n, err
}

// endReply marks the end of a reply (read whole or failed) and turns a
// timeout in its middle into an error that says so.
func (r *replyReader) endReply(err error) error {
	r.midReply = false
	if r.deadline {
		r.nc.SetReadDeadline(time.Time{})
		r.deadline = false
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() && r.idle > 0 {
		return &StallError{Idle: r.idle, Err: err}
	}
	return err
}

// StallError is the cause of a connection failure when the server stopped
// sending in the middle of a reply for longer than Config.RequestTimeout.
type StallError struct {
	Idle time.Duration
	Err  error // the read's timeout error
}

func (e *StallError) Error() string {
	return fmt.Sprintf("tarantool: the server stopped in the middle of a reply: nothing more for %v (request_timeout)", e.Idle)
}

// Unwrap returns the read's timeout error.
func (e *StallError) Unwrap() error { return e.Err }
