package engine

import (
	"bufio"
	"context"
	"math"
	"net"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/tntsql/tarantool/iproto"
)

// Conn is a connection to a Tarantool server, safe for concurrent use.
// Requests from many goroutines share the socket: each carries a unique
// sync, concurrent requests are coalesced into few writes by one writer
// goroutine, and replies are read by one goroutine at a time that hands
// each to its Future: the connection's reader goroutine, or a caller
// waiting alone for its reply (see reader.go). No goroutine is started per
// request.
type Conn struct {
	cfg          *Config
	nc           net.Conn
	rr           replyReader // nc as read, through a bufio.Reader
	greeting     iproto.Greeting
	protocol     uint64 // protocol version from IPROTO_ID, 0 before 2.10
	features     uint64 // bit set of Feature
	schemaVer    atomic.Uint64
	nextSync     atomic.Uint64
	count        counters     // Stats (stats.go)
	role         atomic.Int32 // Role, when followed (role.go)
	roleLost     chan struct{}
	roleLostOnce sync.Once
	nextStrm     atomic.Uint64
	watching     atomic.Bool // a WATCH was posted: events may come unasked
	holding      atomic.Bool // the reader is handing out buffered replies: writes wait for it
	writes       atomic.Uint64

	wlock        sync.Mutex      // held while a batch is taken and written
	spare        []byte          // the buffer of the last batch written, for reuse
	raw          syscall.RawConn // nc's descriptor, for writes that must not block; nil if none
	nb           nbWrite         // the state of a write that must not block (under wlock)
	wmu          sync.Mutex
	wbuf         []byte
	wsegs        []wseg              // the requests of Send in wbuf, in order (writeq.go)
	dropped      map[uint64]struct{} // syncs of requests in wbuf given up before written
	droppedBytes int                 // their size
	batch        uint64              // number of the batch wbuf is filling
	attempted    uint64              // last batch handed to the socket
	werr         error               // set once the connection failed
	wake         chan struct{}

	pmu      sync.Mutex
	pending  pendingTable    // closed once the connection failed
	br       *bufio.Reader   // the socket as read; used by the token holder only
	rbuf     []byte          // packet buffer for the next read; token holder only
	reading  bool            // the read token is held (by the reader goroutine or a leader)
	leads    uint64          // times a leader gave the token back, for idle monitoring
	handoff  chan struct{}   // gives the token to the reader goroutine
	watches  []*ctxWatch     // contexts watched for many waiters (ctxwatch.go)
	lastDone <-chan struct{} // Done of the last waiter's context

	eventMu sync.Mutex
	watched map[string]*watchedKey // keys watched and their subscribers (watch.go)

	closeOnce sync.Once
	failed    atomic.Pointer[error] // why the connection failed, set first thing in fail
	closed    chan struct{}
	wg        sync.WaitGroup
}

// CallOptions are per-request options for Send and DoOpts.
type CallOptions struct {
	// StreamID runs the request in a stream (2.10+); 0 means none.
	StreamID uint64
	// SchemaVersion makes the server reject the request with
	// ER_WRONG_SCHEMA_VERSION when its schema differs; 0 means no check.
	SchemaVersion uint64
	// OnPush receives the body of each push message (box.session.push)
	// sent before the reply, in order, on the goroutine reading the
	// connection: it must not block, and must copy what it keeps. It may
	// still run once after Wait returned because ctx ended.
	OnPush func(body []byte)
	// SpaceName is the name the caller gave the request's space, for the
	// Tracer (RequestStart.Space); box sets it.
	SpaceName string
}

func newConn(cfg *Config, nc net.Conn) *Conn {
	c := &Conn{
		cfg:      cfg,
		nc:       nc,
		rr:       replyReader{nc: nc, idle: cfg.RequestTimeout},
		batch:    1,
		wake:     make(chan struct{}, 1),
		roleLost: make(chan struct{}),
		pending:  newPendingTable(),
		reading:  true, // the reader goroutine starts with the token
		handoff:  make(chan struct{}, 1),
		closed:   make(chan struct{}),
	}
	if sc, ok := nc.(syscall.Conn); ok {
		if raw, err := sc.SyscallConn(); err == nil {
			c.raw = raw
		}
	}
	return c
}

func (c *Conn) start(br *bufio.Reader) {
	c.br = br
	c.rr.beforeRead = c.releaseWrites
	c.wg.Add(2)
	go c.writeLoop()
	go c.readLoop()
}

// Do sends req and waits for its reply. The caller must Release the
// Response when done with it. See Future.Wait for errors and cancellation.
func (c *Conn) Do(ctx context.Context, req iproto.Request) (Response, error) {
	return c.DoOpts(ctx, req, nil)
}

// DoOpts is Do with per-request options; opts may be nil.
func (c *Conn) DoOpts(ctx context.Context, req iproto.Request, opts *CallOptions) (Response, error) {
	if err := ctx.Err(); err != nil {
		return Response{}, err
	}
	f, err := c.SendContext(ctx, req, opts)
	if err != nil {
		return Response{}, err
	}
	return f.Wait(ctx)
}

// Send queues req for writing and returns its Future without waiting, so a
// caller can put many requests in flight from one goroutine. Wait for the
// Future or Release it: its state then goes back to the pool (one left
// alone is garbage collected once its reply has come). opts may be nil.
// The returned error is an encoding error or a *ConnError (not sent),
// with the zero Future.
func (c *Conn) Send(req iproto.Request, opts *CallOptions) (Future, error) {
	return c.SendContext(context.Background(), req, opts)
}

// SendContext is Send with the context the request is made in, for
// Config.Tracer (the parent of a span, say). It does not bound the
// request: the context given to Wait does.
func (c *Conn) SendContext(ctx context.Context, req iproto.Request, opts *CallOptions) (Future, error) {
	var onPush func([]byte)
	h := iproto.Header{Type: req.Type(), Sync: c.nextSync.Add(1)}
	if opts != nil {
		h.StreamID, h.SchemaVersion, onPush = opts.StreamID, opts.SchemaVersion, opts.OnPush
	}
	f := newFuture(c, onPush)
	fut := f.handle()
	f.sync = h.Sync
	f.batch = math.MaxUint64
	var err error
	f.buf, err = iproto.AppendPacket(f.buf[:0], h, req)
	if err != nil {
		f.free()
		return Future{}, err
	}
	if c.cfg.Tracer != nil {
		c.traceStart(ctx, f, req, h, opts)
	}

	c.pmu.Lock()
	if c.pending.closed() {
		c.pmu.Unlock()
		return Future{}, f.refuse(&ConnError{Err: c.failure(), Sent: false})
	}
	c.pending.put(f)
	alone := c.pending.len() == 1
	c.pmu.Unlock()

	c.wmu.Lock()
	if c.werr != nil {
		c.wmu.Unlock()
		if c.unregister(f) {
			return Future{}, f.refuse(&ConnError{Err: c.failure(), Sent: false})
		}
		return fut, nil // the failing connection has already completed f
	}
	wasEmpty := len(c.wbuf) == 0
	start := len(c.wbuf)
	c.wbuf = append(c.wbuf, f.buf...)
	c.wsegs = append(c.wsegs, wseg{sync: f.sync, start: start, end: len(c.wbuf)})
	f.batch = c.batch
	c.wmu.Unlock()
	c.count.sent.Add(1)
	if !wasEmpty {
		return fut, nil // the writer has been woken for the buffer already
	}
	if alone && c.wlock.TryLock() {
		// Nothing else is in flight: write from here rather than hand
		// the request to the writer goroutine, a context switch saved
		// for a caller that waits for each reply. The write does not
		// block: what the socket does not take now goes to the writer
		// goroutine, so the caller is free to give up on its context.
		more, err := c.writeOnce(true)
		c.wlock.Unlock()
		if err != nil {
			c.fail(err)
		} else if more {
			c.wakeWriter()
		}
		return fut, nil
	}
	if c.holding.Load() {
		return fut, nil // the reader wakes the writer when its replies are handed out
	}
	c.wakeWriter()
	return fut, nil
}

// holdWrites is called by the reader goroutine while replies it has read
// are still to be handed out: their waiters will send again as soon as
// they run, and the writer waits for them so that one write carries them
// all, as a single-threaded client writes once per round of replies. The
// hold ends when the buffered replies are out, before the reader blocks on
// the socket (releaseWrites).
func (c *Conn) holdWrites() {
	if !c.holding.Load() {
		c.holding.Store(true)
	}
}

// releaseWrites ends a hold and wakes the writer for what was queued
// during it.
func (c *Conn) releaseWrites() {
	if c.holding.Load() {
		c.holding.Store(false)
		c.wakeWriter()
	}
}

func (c *Conn) wakeWriter() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// writeOnce writes the requests queued so far in one write, and reports
// whether more are queued. Without blocking (nonBlocking), what the socket
// does not take at once goes back to the front of the queue, and more is
// true. Requests given up before they were taken are left out. The caller
// holds wlock, which keeps batches in order on the socket.
func (c *Conn) writeOnce(nonBlocking bool) (more bool, err error) {
	c.wmu.Lock()
	if len(c.wbuf) == 0 || c.werr != nil {
		c.wmu.Unlock()
		return false, nil
	}
	if len(c.dropped) > 0 {
		c.dropGivenUp()
	}
	buf := c.wbuf
	c.wbuf = c.spare[:0]
	c.wsegs = c.wsegs[:0]
	c.attempted = c.batch
	c.batch++
	c.wmu.Unlock()
	c.writes.Add(1)
	var n int
	if nonBlocking {
		n, err = c.tryWrite(buf)
	} else {
		n, err = c.nc.Write(buf)
	}
	c.count.written.Add(uint64(n))
	if err != nil {
		return false, err
	}
	c.wmu.Lock()
	if n < len(buf) {
		c.putBack(buf[n:])
		buf = nil // its tail is copied: a new buffer next time
	}
	more = len(c.wbuf) > 0
	c.wmu.Unlock()
	if cap(buf) > maxPooledBuffer {
		buf = nil
	}
	c.spare = buf
	return more, nil
}

func (c *Conn) unregister(f *future) bool {
	c.pmu.Lock()
	defer c.pmu.Unlock()
	return c.pending.remove(f)
}

// gather lets the goroutines that are ready to send (typically those the
// reader has just handed replies to) queue their requests before the
// writer takes the buffer, so that one write carries many of them: it
// yields once. More yields, while the buffer kept growing, cost more in
// the scheduler than the larger writes saved (box select x256: client CPU
// per request -17% with one yield instead of up to four). When nothing
// else is runnable the yield returns at once.
func (c *Conn) gather() {
	runtime.Gosched()
}

// writeLoop writes whatever requests have accumulated, one batch per write.
func (c *Conn) writeLoop() {
	defer c.wg.Done()
	for {
		select {
		case <-c.wake:
		case <-c.closed:
			return
		}
		c.gather()
		c.wlock.Lock()
		for {
			more, err := c.writeOnce(false)
			if err != nil {
				c.wlock.Unlock()
				c.fail(err)
				return
			}
			if !more {
				break
			}
		}
		c.wlock.Unlock()
	}
}

// fail closes the connection for good and completes every pending request
// with a *ConnError saying whether it was written. Err reports the failure
// before anything else changes: whoever sees a request refused (werr set,
// the pending table closed) then sees Err too, so that a pool does not
// hand the connection out again in the moments fail takes to finish.
func (c *Conn) fail(err error) {
	c.closeOnce.Do(func() {
		c.failed.Store(&err)
		c.wmu.Lock()
		c.werr = err
		attempted := c.attempted
		c.wmu.Unlock()
		c.nc.Close()
		c.pmu.Lock()
		pending := c.pending.close()
		c.stopWatches()
		c.pmu.Unlock()
		close(c.closed)
		for _, f := range pending {
			f.err = &ConnError{Err: err, Sent: f.batch <= attempted}
			f.done <- struct{}{}
		}
	})
}

// failure returns why the connection failed, ErrClosed if it has not.
func (c *Conn) failure() error {
	if err := c.Err(); err != nil {
		return err
	}
	return ErrClosed
}

// Close closes the connection. Requests in flight fail with a *ConnError
// wrapping ErrClosed.
func (c *Conn) Close() error {
	c.fail(ErrClosed)
	c.wg.Wait()
	return nil
}

// Err returns nil while the connection is usable, and why it is not after:
// from the moment it starts to fail, before Done is closed and before any
// request is refused for the failure.
func (c *Conn) Err() error {
	if p := c.failed.Load(); p != nil {
		return *p
	}
	return nil
}

// Done returns a channel closed when the connection has failed or closed.
func (c *Conn) Done() <-chan struct{} { return c.closed }

// Greeting returns what the server said on connect.
func (c *Conn) Greeting() iproto.Greeting { return c.greeting }

// ServerVersion returns the server's version from the greeting.
func (c *Conn) ServerVersion() iproto.Version { return c.greeting.Version }

// ProtocolVersion returns the protocol version the server announced with
// IPROTO_ID, or 0 for a server older than 2.10.
func (c *Conn) ProtocolVersion() uint64 { return c.protocol }

// HasFeature reports whether the server announced feature f.
func (c *Conn) HasFeature(f iproto.Feature) bool { return f < 64 && c.features&(1<<f) != 0 }

// SchemaVersion returns the schema version of the latest reply.
func (c *Conn) SchemaVersion() uint64 { return c.schemaVer.Load() }

// NewStreamID returns a stream id not used before on this connection.
func (c *Conn) NewStreamID() uint64 { return c.nextStrm.Add(1) }

// Config returns a copy of the connection's configuration.
func (c *Conn) Config() *Config { return c.cfg.Clone() }

// String describes the connection by its Config, password masked.
func (c *Conn) String() string { return "engine.Conn(" + c.cfg.String() + ")" }

// LocalAddr returns the local network address.
func (c *Conn) LocalAddr() net.Addr { return c.nc.LocalAddr() }

// RemoteAddr returns the server's address as the socket has it.
func (c *Conn) RemoteAddr() net.Addr { return c.nc.RemoteAddr() }
