package iproto

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Future is a request in flight. Wait returns its Response. A Future comes
// from a pool: after Release (or Wait returning an error) it must not be
// used again.
type Future struct {
	conn   *Conn
	sync   uint64
	batch  uint64 // the write batch that carries the request
	done   chan struct{}
	timer  *time.Timer
	onPush func(body []byte)
	err    error
	lead   leadState // while its waiter reads the socket itself
	// watch is the connection's watch of the waiter's context, if any,
	// and leading says the waiter reads the socket itself; both guarded
	// by Conn.pmu while the Future is pending.
	watch   *ctxWatch
	leading bool
	Response
}

// Response is a reply: its header and raw body. Body aliases a buffer that
// is reused after Release.
type Response struct {
	Header
	Body []byte
	buf  []byte
	f    *Future
}

// Release returns the response's buffer for reuse. The Response, its Body
// and anything decoded from it without copying must not be used afterwards.
func (r *Response) Release() {
	if r != nil && r.f != nil {
		r.f.release()
	}
}

// Parse decodes the body into b.
func (r *Response) Parse(b *Body) error { return ParseBody(r.Body, b) }

// DecodeData decodes the reply's DATA array with Decoder.Any: tuples or
// return values as Go values that outlive the Response. A reply without
// DATA gives nil; DATA that is not an array is an error.
func (r *Response) DecodeData() ([]any, error) {
	var b Body
	if err := r.Parse(&b); err != nil || b.Data == nil {
		return nil, err
	}
	d := Decoder{buf: b.Data}
	if d.Peek() != KindArray {
		return nil, d.errorf("reply DATA is %s, not an array", d.Peek())
	}
	v, err := d.Any()
	if err != nil {
		return nil, err
	}
	return v.([]any), nil
}

var futurePool = sync.Pool{New: func() any {
	f := &Future{done: make(chan struct{}, 1), Response: Response{buf: make([]byte, 0, minPacketBuffer)}}
	f.Response.f = f
	f.lead.interrupt = f.interruptLead
	return f
}}

// maxPooledBuffer is the largest reply buffer a pooled Future keeps.
const maxPooledBuffer = 1 << 20

func newFuture(c *Conn, onPush func([]byte)) *Future {
	f := futurePool.Get().(*Future)
	f.conn = c
	f.onPush = onPush
	return f
}

// recycleHook, set only by tests, runs as a Future goes back to the pool.
var recycleHook atomic.Pointer[func(*Future)]

func (f *Future) release() {
	if f.timer != nil {
		f.timer.Stop()
	}
	if h := recycleHook.Load(); h != nil {
		(*h)(f)
	}
	f.conn, f.onPush, f.err, f.watch, f.leading = nil, nil, nil, nil, false
	f.Header, f.Body = Header{}, nil
	if cap(f.buf) > maxPooledBuffer {
		f.buf = nil
	}
	futurePool.Put(f)
}

// Wait blocks until the reply arrives, the connection fails or ctx ends.
// A server error is returned as *Error together with a nil Response. If ctx
// ends first, Wait returns ctx.Err(): the reply will be discarded when it
// comes, and the connection stays usable.
func (f *Future) Wait(ctx context.Context) (*Response, error) {
	c := f.conn
	var timeout <-chan time.Time
	if c.cfg.RequestTimeout > 0 {
		if _, ok := ctx.Deadline(); !ok {
			if f.timer == nil {
				f.timer = time.NewTimer(c.cfg.RequestTimeout)
			} else {
				f.timer.Reset(c.cfg.RequestTimeout)
			}
			// Stopped in release, before f goes back to the pool: a
			// deferred Stop here would run after that, and could stop
			// the timer of the request that took f next.
			timeout = f.timer.C
		}
	}
	done := ctx.Done()
	lead, w := c.readFor(f, ctx, timeout == nil)
	if lead {
		// Nobody else is reading: read the reply here (reader.go).
		switch c.lead(f, ctx) {
		case leadCancelled:
			return nil, f.abandon(ctx.Err())
		case leadHandedOff:
			// The reader goroutine reads the reply, which is arriving.
			select {
			case <-f.done:
				return f.result()
			case <-done:
				return nil, f.abandon(ctx.Err())
			}
		}
		<-f.done
		return f.result()
	}
	if w != nil {
		// The connection watches ctx (ctxwatch.go): it completes f with
		// ctx.Err() if ctx ends first.
		<-f.done
		f.watch = nil
		w.users.Add(-1)
		return f.result()
	}
	if done == nil && timeout == nil {
		<-f.done // nothing can end the wait but the reply or a failure
		return f.result()
	}
	select {
	case <-f.done:
		return f.result()
	case <-done:
		return nil, f.abandon(ctx.Err())
	case <-timeout:
		return nil, f.abandon(&TimeoutError{Limit: c.cfg.RequestTimeout})
	}
}

// result turns a completed Future into what Wait returns.
func (f *Future) result() (*Response, error) {
	if f.err != nil {
		err := f.err
		f.release()
		return nil, err
	}
	if f.Type.IsError() {
		var b Body
		err := error(&Error{Code: f.Type.ErrorCode()})
		if perr := ParseBody(f.Body, &b); perr == nil {
			err = newServerError(f.Type, &b)
		}
		f.release()
		return nil, err
	}
	return &f.Response, nil
}

// abandon gives up on the request: one not yet written is never written
// (writeq.go), and the reader discards a reply that comes.
func (f *Future) abandon(err error) error {
	if f.detach() {
		f.conn.dropUnwritten(f)
	}
	f.release()
	return err
}

// detach stops waiting for the reply, which the reader will discard, and
// reports whether f was still pending. The request is written all the
// same. The caller releases f.
func (f *Future) detach() bool {
	c := f.conn
	c.pmu.Lock()
	mine := c.pending.remove(f)
	c.pmu.Unlock()
	if !mine {
		// The reader (or the failing connection) has taken the Future and
		// is about to complete it; wait so it can be reused safely.
		<-f.done
	}
	return mine
}

// TimeoutError is returned when Config.RequestTimeout passes before a reply.
type TimeoutError struct{ Limit time.Duration }

func (e *TimeoutError) Error() string {
	return "iproto: no reply within the request timeout of " + e.Limit.String()
}

// Timeout reports true, as net.Error does.
func (e *TimeoutError) Timeout() bool { return true }

// Unwrap makes errors.Is(err, context.DeadlineExceeded) true.
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }
