package engine

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tntsql/tarantool/iproto"
)

// A request's state is pooled: one *future carries a request from Send to
// the release of its reply, then serves another request. Users never hold
// it. They hold handles, Future and then Response, each a pointer to the
// state and the generation the state was at when the handle was made.
// Every step that ends a handle moves the generation on with a
// CompareAndSwap, so that a handle used after its end (a second Wait, a
// second Release, a read after Release) sees the mismatch and does
// nothing, instead of acting on the request that uses the state by then.
//
//	state        generation  held by                      ends with
//	sent         g           the Future                   Wait (g+1), Release
//	replied      g+1         the Response Wait returned   Release (g+2)
//	failed       g+2         nobody: back in the pool     (Wait returned the error)
//	in the pool  any         the pool                     Send
//
// Inside the engine the state has one owner at a time besides its handle:
// the pending table, then the goroutine reading the reply, which passes it
// to the waiter by f.done (reader.go, ctxwatch.go). A state goes back to
// the pool only when the engine is done with it: no longer pending, its
// timer stopped, no context callback left to run.

// ErrReleased is returned by the methods of a Response after its Release,
// and by Wait on a Future already waited for or released: each reply is
// read once, until its Release.
var ErrReleased = errors.New("tarantool: Response used after its Release, or Future waited for twice: read a reply once, before releasing it")

// Future is a request in flight, as Send returns it. Wait returns its
// Response; Release gives up on it instead. Either ends the Future: a
// second Wait returns ErrReleased and a Release after Wait does nothing.
// A Future is a small value; copies of it are the same Future. The zero
// Future is ended already.
type Future struct {
	f   *future
	gen uint64
}

// Response is a reply: its header and raw body, as Wait and Conn.Do return
// it. Release hands its buffer back for reuse; after that Header and Body
// return zero values, Parse and DecodeData return ErrReleased, and a
// second Release does nothing. A Response is a small value; copies of it
// are the same Response, and none of them may be used while another is
// being released. The zero Response is released already.
type Response struct {
	f   *future
	gen uint64
}

// future is the pooled state behind a Future and then its Response.
type future struct {
	gen    atomic.Uint64 // see the table above
	own    bool          // made by NewResponse: never pooled
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
	// traceCtx, traceReq and traceStart, set by a Tracer's start
	// (trace.go): the context for its end, the request and when it began;
	// traceCtx is nil without a Tracer.
	traceCtx   context.Context
	traceReq   iproto.Request
	traceStart time.Time
	hdr        iproto.Header
	body       []byte // aliases buf
	buf        []byte // the request's packet, then the reply's
}

// NewResponse returns a Response holding a reply that was read some other
// way: for tests and fakes of code that takes a Response. body is not
// copied. Its Release only ends the Response; nothing is pooled.
func NewResponse(h iproto.Header, body []byte) Response {
	f := &future{own: true, hdr: h, body: body}
	return Response{f: f}
}

// live reports whether r is still the Response of its state.
func (r Response) live() bool { return r.f != nil && r.f.gen.Load() == r.gen }

// Header returns the reply's header, or the zero Header after Release.
func (r Response) Header() iproto.Header {
	if !r.live() {
		return iproto.Header{}
	}
	return r.f.hdr
}

// Body returns the reply's raw body, a MessagePack map, or nil after
// Release. It aliases a buffer that is reused after Release: neither it
// nor anything decoded from it without copying may be used afterwards.
func (r Response) Body() []byte {
	if !r.live() {
		return nil
	}
	return r.f.body
}

// Release hands the response's buffer back for reuse. The Response, its
// Body and anything decoded from it without copying must not be used
// afterwards. Releasing again, or releasing the zero Response, does
// nothing.
func (r Response) Release() {
	if r.f != nil && r.f.gen.CompareAndSwap(r.gen, r.gen+1) {
		r.f.recycle()
	}
}

// Parse decodes the body into b, whose byte slices alias the Body.
func (r Response) Parse(b *iproto.Body) error {
	if !r.live() {
		return ErrReleased
	}
	return iproto.ParseBody(r.f.body, b)
}

// DecodeData decodes the reply's DATA array with Decoder.Any: tuples or
// return values as Go values that outlive the Response. A reply without
// DATA gives nil; DATA that is not an array is an error.
func (r Response) DecodeData() ([]any, error) {
	var b iproto.Body
	if err := r.Parse(&b); err != nil {
		return nil, err
	}
	return b.DecodeData()
}

// initialRequestBuffer is the capacity of a new request state's packet buffer.
const initialRequestBuffer = 512

var futurePool = sync.Pool{New: func() any {
	f := &future{done: make(chan struct{}, 1), buf: make([]byte, 0, initialRequestBuffer)}
	f.lead.interrupt = f.interruptLead
	return f
}}

// maxPooledBuffer is the largest reply buffer a pooled state keeps.
const maxPooledBuffer = 1 << 20

// recycledHook, when set (by tests), is called with each state as it goes
// back to the pool.
var recycledHook atomic.Pointer[func(*future)]

func newFuture(c *Conn, onPush func([]byte)) *future {
	f := futurePool.Get().(*future)
	f.conn = c
	f.onPush = onPush
	return f
}

// handle returns the Future of a state just sent.
func (f *future) handle() Future { return Future{f: f, gen: f.gen.Load()} }

// free ends whatever handle f has and puts it back in the pool.
func (f *future) free() {
	f.gen.Add(1)
	f.recycle()
}

// recycle puts f back in the pool; its handles have ended already.
func (f *future) recycle() {
	if f.own {
		f.hdr, f.body = iproto.Header{}, nil
		return
	}
	f.conn, f.onPush, f.err, f.watch, f.leading, f.traceCtx, f.traceReq = nil, nil, nil, nil, false, nil, nil
	f.hdr, f.body = iproto.Header{}, nil
	if cap(f.buf) > maxPooledBuffer {
		f.buf = nil
	}
	if hook := recycledHook.Load(); hook != nil {
		(*hook)(f) // before Put: once pooled, f may be another request's
	}
	futurePool.Put(f)
}

// Wait blocks until the reply arrives, the connection fails or ctx ends,
// and ends the Future. A server error is returned as *Error together with
// the zero Response. If ctx ends first, Wait returns ctx.Err(): the reply
// will be discarded when it comes, and the connection stays usable. The
// caller must Release the Response it returns.
func (h Future) Wait(ctx context.Context) (Response, error) {
	f := h.f
	if f == nil || !f.gen.CompareAndSwap(h.gen, h.gen+1) {
		return Response{}, ErrReleased
	}
	if err := f.wait(ctx); err != nil {
		f.conn.count.failed.Add(1)
		if f.traceCtx != nil {
			f.traceEnd(0, err, false)
		}
		return Response{}, f.abandon(err)
	}
	if f.traceCtx != nil {
		err := f.err
		if err == nil && f.hdr.Type.IsError() {
			err = f.replyError()
		}
		f.traceEnd(len(f.body), err, false)
	}
	return f.result(h.gen + 1)
}

// Release gives up on a request not waited for: its reply will be
// discarded when it comes (if the reply is being handed over at that
// moment, Release waits for that to finish). After Wait, or a first
// Release, it does nothing (the Response that Wait returned has its own
// Release).
func (h Future) Release() {
	if h.f != nil && h.f.gen.CompareAndSwap(h.gen, h.gen+1) {
		if h.f.traceCtx != nil {
			h.f.traceEnd(0, nil, true)
		}
		h.f.abandon(nil)
	}
}

// refuse ends a request Send could not queue, returning err.
func (f *future) refuse(err error) error {
	if f.traceCtx != nil {
		f.traceEnd(0, err, false)
	}
	f.free()
	return err
}

// wait blocks until f is complete (nil) or its waiter gives up on it: ctx
// ended, or Config.RequestTimeout passed (the error to return).
func (f *future) wait(ctx context.Context) error {
	c := f.conn
	var timeout <-chan time.Time
	if c.cfg.RequestTimeout > 0 {
		if _, ok := ctx.Deadline(); !ok {
			if f.timer == nil {
				f.timer = time.NewTimer(c.cfg.RequestTimeout)
			} else {
				f.timer.Reset(c.cfg.RequestTimeout)
			}
			// Stopped here, before the caller may put f back in the
			// pool: stopped later, it could be the timer of the request
			// that took f next.
			defer f.timer.Stop()
			timeout = f.timer.C
		}
	}
	done := ctx.Done()
	lead, w := c.readFor(f, ctx, timeout == nil)
	if lead {
		// Nobody else is reading: read the reply here (reader.go).
		switch c.lead(f, ctx) {
		case leadCancelled:
			return ctx.Err()
		case leadHandedOff:
			// The reader goroutine reads the reply, which is arriving.
			select {
			case <-f.done:
				return nil
			case <-done:
				return ctx.Err()
			}
		}
		<-f.done
		return nil
	}
	if w != nil {
		// The connection watches ctx (ctxwatch.go): it completes f with
		// ctx.Err() if ctx ends first.
		<-f.done
		f.watch = nil
		w.users.Add(-1)
		return nil
	}
	if done == nil && timeout == nil {
		<-f.done // nothing can end the wait but the reply or a failure
		return nil
	}
	select {
	case <-f.done:
		return nil
	case <-done:
		return ctx.Err()
	case <-timeout:
		return &TimeoutError{Limit: c.cfg.RequestTimeout}
	}
}

// result turns a completed state into what Wait returns: a Response of
// generation gen, or an error (and f goes back to the pool).
func (f *future) result(gen uint64) (Response, error) {
	if f.err != nil || f.hdr.Type.IsError() {
		f.conn.count.failed.Add(1)
	}
	if f.err != nil {
		err := f.err
		f.free()
		return Response{}, err
	}
	if f.hdr.Type.IsError() {
		err := f.replyError()
		f.free()
		return Response{}, err
	}
	return Response{f: f, gen: gen}, nil
}

// abandon gives up on the reply (the reader will discard it), puts f back
// in the pool and returns err. When err is the waiter's (its context, its
// request timeout), a request not yet written is never written
// (writeq.go); with nil (Release, an abandoned BEGIN's ROLLBACK) it is written all the
// same.
func (f *future) abandon(err error) error {
	c := f.conn
	c.pmu.Lock()
	mine := c.pending.remove(f)
	c.pmu.Unlock()
	if !mine {
		// The reader (or the failing connection) has taken the state and
		// is about to complete it; wait so it can be reused safely.
		<-f.done
	} else if err != nil {
		c.dropUnwritten(f)
	}
	f.free()
	return err
}

// replyError is the server's error that f's reply carries.
func (f *future) replyError() error {
	var b iproto.Body
	if err := iproto.ParseBody(f.body, &b); err != nil {
		return &iproto.Error{Code: f.hdr.Type.ErrorCode()}
	}
	return iproto.ReplyError(f.hdr.Type, &b)
}

// TimeoutError is returned when Config.RequestTimeout passes before a reply.
type TimeoutError struct{ Limit time.Duration }

func (e *TimeoutError) Error() string {
	return "tarantool: no reply within the request timeout of " + e.Limit.String()
}

// Timeout reports true, as net.Error does.
func (e *TimeoutError) Timeout() bool { return true }

// Unwrap makes errors.Is(err, context.DeadlineExceeded) true.
func (e *TimeoutError) Unwrap() error { return context.DeadlineExceeded }
