package engine

import (
	"bufio"
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/tntsql/tarantool/iproto"
)

// Who reads the socket. One goroutine at a time holds the read token
// (Conn.reading, guarded by pmu with pending): the connection's reader
// goroutine, or a leader, a caller of Wait that reads replies itself.
//
// A caller of Wait (without Config.RequestTimeout) takes the token when
// nobody holds it and reads until its own reply has come, completing any
// other Futures on the way; a context that ends interrupts it through the
// socket's read deadline, between packets. A leader whose context can end
// reads only packets already whole in the buffer: it leaves one still
// arriving to the reader goroutine and waits like any caller, so that a
// slow reply does not hold it past its context. Its reply then costs one
// wake-up, from the network poller into the caller, instead of two:
// reader goroutine, then caller, on another CPU when one is idle.
//
// The token goes back to the reader goroutine whenever a holder stops with
// replies still owed (pending requests, buffered bytes) or once a WATCH
// has been posted: events may then come at any time and are read as they
// do. When nothing is owed the holder drops it, and the reader goroutine
// takes it again after idleGrace without leader activity, so that a
// connection the server closes while idle is still noticed within
// milliseconds (and fails without a request being sent to it).
//
// Invariant: a goroutine parked in Wait always has a token holder, or the
// reader goroutine signalled, to complete its Future.

// idleGrace is how long the reader goroutine leaves an idle socket to
// leaders before it reads (watches) the socket itself again.
const idleGrace = 2 * time.Millisecond

// readLoop is the reader goroutine: it reads replies while it holds the
// token, and waits for the token otherwise.
func (c *Conn) readLoop() {
	defer c.wg.Done()
	idle := time.NewTimer(idleGrace)
	idle.Stop()
	for {
		replies := 0 // completed since the buffer was last empty
		for {
			f, err := c.readReply()
			if err != nil {
				c.fail(err)
				return
			}
			if f != nil {
				replies++
			}
			if c.br.Buffered() > 0 {
				c.holdWrites()
				continue
			}
			c.releaseWrites()
			// One reply on its own is the pattern of callers that wait for
			// each reply before sending more: leave the socket to them.
			// Replies in numbers come from many callers at once, who will
			// send again as soon as they run: keep reading for them.
			if replies <= 1 && c.releaseToken(false) {
				break
			}
			replies = 0
			if f != nil {
				// The last reply read: let its waiter run here and now,
				// before another thread is woken to take it.
				runtime.Gosched()
			}
		}
		if !c.awaitToken(idle) {
			return
		}
	}
}

// awaitToken blocks the reader goroutine until it holds the token again:
// handed over, or taken after idleGrace in which no leader finished. It
// returns false once the connection has failed.
func (c *Conn) awaitToken(idle *time.Timer) bool {
	seen := ^uint64(0)
	for {
		idle.Reset(idleGrace)
		select {
		case <-c.handoff:
			idle.Stop()
			return true
		case <-idle.C:
			c.pmu.Lock()
			if !c.reading && c.leads == seen {
				c.reading = true
				c.pmu.Unlock()
				return true
			}
			seen = c.leads
			c.pmu.Unlock()
		case <-c.closed:
			idle.Stop()
			return false
		}
	}
}

// releaseToken drops the token when nothing is owed (no pending request,
// no buffered bytes, no WATCH posted) and reports whether it did; the
// caller keeps it otherwise. led counts the release as a leader's, for
// idle monitoring. The caller holds the token.
func (c *Conn) releaseToken(led bool) bool {
	c.pmu.Lock()
	defer c.pmu.Unlock()
	if led {
		c.leads++
	}
	if c.pending.len() > 0 || c.br.Buffered() > 0 || c.watching.Load() {
		return false
	}
	c.reading = false
	return true
}

// ensureReader makes sure somebody reads: if nobody holds the token, the
// reader goroutine is given it.
func (c *Conn) ensureReader() {
	c.pmu.Lock()
	give := !c.reading
	c.reading = true
	c.pmu.Unlock()
	if give {
		c.signalReader()
	}
}

func (c *Conn) signalReader() {
	select {
	case c.handoff <- struct{}{}:
	default:
	}
}

// readFor makes sure somebody reads the socket for f's waiter, whose
// context is ctx. When nobody holds the token, f is still owed a reply
// and mayLead, the waiter takes the token and lead is true; otherwise the
// reader goroutine is given the token if nobody holds it. When ctx can end
// and the connection watches it for many waiters (ctxwatch.go), f notes
// the watch and w is returned.
func (c *Conn) readFor(f *future, ctx context.Context, mayLead bool) (lead bool, w *ctxWatch) {
	done := ctx.Done()
	c.pmu.Lock()
	pending := c.pending.get(f.sync) == f
	if done != nil && mayLead {
		// Even for a reply already in, the wait counts towards watching
		// a context that waits share; only a pending Future notes it.
		if w = c.watchFor(ctx, done); !pending {
			w = nil
		}
		if w != nil {
			w.users.Add(1)
			f.watch = w
		}
	}
	give := false
	if !c.reading {
		c.reading = true
		lead = pending && mayLead && !c.watching.Load()
		give = !lead
	}
	if lead {
		// Reset under pmu, which a watch that interrupts the leader holds.
		f.leading = true
		f.lead.cancelled = false
	}
	c.pmu.Unlock()
	if give {
		c.signalReader()
	}
	return lead, w
}

// leadState lets a context that ends interrupt a leader blocked reading.
// It lives in the pooled request state, so that the function given to
// context.AfterFunc is bound once per state, not allocated per request.
type leadState struct {
	mu        sync.Mutex
	cancelled bool // the context ended
	blocked   bool // the leader waits for the start of a packet
	fired     sync.WaitGroup
	interrupt func()
}

// interruptLead runs when the leader's context ends: a leader waiting for
// the next packet to begin is woken through the read deadline. One in the
// middle of a packet finishes it first: a read cut short there would
// leave the stream out of step.
func (f *future) interruptLead() {
	defer f.lead.fired.Done()
	f.interruptRead()
}

// interruptRead marks the leader's context ended and wakes it if it waits
// for a packet to begin.
func (f *future) interruptRead() {
	f.lead.mu.Lock()
	f.lead.cancelled = true
	if f.lead.blocked {
		f.conn.nc.SetReadDeadline(aLongTimeAgo)
	}
	f.lead.mu.Unlock()
}

// aLongTimeAgo is a deadline that has passed: set on a socket, it wakes a
// blocked read or write.
var aLongTimeAgo = time.Unix(1, 0)

// How a leader's reading ended.
type leadEnd int

const (
	leadDone      leadEnd = iota // f is complete (or the connection failed)
	leadCancelled                // ctx ended; f is still pending
	leadHandedOff                // a packet was not all in: the reader goroutine reads on
)

// lead reads replies until f is complete, the connection has failed, or
// ctx has ended, and passes the token on: to the reader goroutine if
// anything is still owed, to nobody otherwise. A leader whose ctx can end
// reads only packets that are in the buffer whole: one still arriving is
// left to the reader goroutine (leadHandedOff), so that the caller can
// stop waiting when ctx ends, which it could not in a packet's middle.
// The caller holds the token.
func (c *Conn) lead(f *future, ctx context.Context) (end leadEnd) {
	var stop func() bool
	watched := f.watch != nil
	if ctx.Done() != nil && !watched {
		f.lead.fired.Add(1)
		stop = context.AfterFunc(ctx, f.lead.interrupt)
	}
	for {
		if stop != nil || watched {
			if c.br.Buffered() == 0 {
				cancelled, err := c.awaitPacket(f)
				if cancelled {
					end = leadCancelled
					break
				}
				if err != nil {
					c.fail(err) // completes f
					break
				}
			}
			if !packetBuffered(c.br) {
				end = leadHandedOff
				break
			}
		}
		g, err := c.readReply()
		if err != nil {
			c.fail(err)
			break
		}
		if g == f {
			break
		}
	}
	if watched {
		c.unwatch(f)
	}
	if !c.releaseToken(true) {
		c.signalReader() // replies are owed: the reader goroutine takes over
	}
	if stop != nil {
		if stop() {
			f.lead.fired.Done() // interruptLead will not run
		}
		f.lead.fired.Wait() // nor be running when f is reused
	}
	return end
}

// packetBuffered reports whether the next packet, size prefix and all, is
// in br's buffer, so that reading it will not wait for the socket. A
// prefix that is not a size is reported buffered: reading it fails.
func packetBuffered(br *bufio.Reader) bool {
	n := br.Buffered()
	if n == 0 {
		return false
	}
	b, _ := br.Peek(min(n, 9))
	var size uint64
	prefix := 1
	switch c := b[0]; {
	case c <= 0x7f:
		size = uint64(c)
	case c >= 0xcc && c <= 0xcf:
		prefix += 1 << (c - 0xcc)
		if len(b) < prefix {
			return false
		}
		for _, x := range b[1:prefix] {
			size = size<<8 | uint64(x)
		}
	default:
		return true
	}
	return uint64(n-prefix) >= size
}

// awaitPacket blocks until the next packet begins, and reports whether
// the leader's context ended first.
func (c *Conn) awaitPacket(f *future) (cancelled bool, err error) {
	l := &f.lead
	l.mu.Lock()
	if l.cancelled {
		l.mu.Unlock()
		return true, nil
	}
	l.blocked = true
	l.mu.Unlock()
	_, err = c.br.Peek(1)
	l.mu.Lock()
	l.blocked = false
	cancelled = l.cancelled
	l.mu.Unlock()
	if !cancelled {
		return false, err
	}
	// The deadline may have been set: clear it. When the packet began
	// all the same, read it before giving up.
	c.nc.SetReadDeadline(time.Time{})
	return err != nil, nil
}

// readReply reads one packet and dispatches it: a reply completes its
// Future, which it returns; a push goes to its request's OnPush, an event
// to the event handler, a reply nobody waits for is dropped. A packet
// above Config.MaxReplySize is skipped (refuseReply). The caller holds
// the token.
func (c *Conn) readReply() (*future, error) {
	br := c.br
	if _, err := br.Peek(1); err != nil {
		return nil, err
	}
	c.rr.midReply = true
	size, err := iproto.ReadPacketSize(br)
	if limit := c.cfg.maxReply(); err == nil && size > uint64(limit) {
		if size <= iproto.MaxPacketSize {
			return c.refuseReply(size, limit)
		}
		err = &iproto.ReplyTooLargeError{Size: size, Limit: maxPacketInt}
	}
	var pkt []byte
	if err == nil {
		pkt, err = iproto.ReadPacketBody(br, c.rbuf, size)
	}
	if err = c.rr.endReply(err); err != nil {
		return nil, err
	}
	c.rbuf = nil
	h, body, err := iproto.DecodeHeader(pkt)
	if err != nil {
		return nil, err
	}
	if h.SchemaVersion != 0 {
		c.schemaVer.Store(h.SchemaVersion)
	}
	if h.Type == iproto.TypeEvent {
		c.dispatchEvent(body)
		c.rbuf = pkt
		return nil, nil
	}
	c.pmu.Lock()
	f := c.pending.get(h.Sync)
	var onPush func([]byte)
	if f != nil {
		if h.Type == iproto.TypeChunk {
			onPush = f.onPush
		} else {
			c.pending.remove(f)
		}
	}
	c.pmu.Unlock()
	switch {
	case f == nil: // a reply nobody waits for any more
		c.rbuf = pkt
		return nil, nil
	case h.Type == iproto.TypeChunk:
		c.count.pushes.Add(1)
		if onPush != nil {
			onPush(body)
		}
		c.rbuf = pkt
		return nil, nil
	}
	f.hdr = h
	f.body = body
	c.rbuf, f.buf = f.buf[:0], pkt
	f.done <- struct{}{}
	return f, nil
}

// refuseReply skips a packet of size bytes, above limit, which the size
// prefix read announced: it reads the header, discards the rest without
// buffering it, and completes the Future of the request the packet
// answers (a reply or a push) with a *ReplyTooLargeError, returning it.
// The stream stays in step, so the connection goes on; only a header that
// does not decode, or a read that fails, is an error (and fails it). The
// caller holds the token.
func (c *Conn) refuseReply(size uint64, limit int) (*future, error) {
	h, err := iproto.SkipPacket(c.br, size)
	if err = c.rr.endReply(err); err != nil {
		return nil, err
	}
	if h.SchemaVersion != 0 {
		c.schemaVer.Store(h.SchemaVersion)
	}
	if h.Type == iproto.TypeEvent {
		return nil, nil // nobody to tell
	}
	c.pmu.Lock()
	f := c.pending.get(h.Sync)
	if f != nil {
		c.pending.remove(f)
	}
	c.pmu.Unlock()
	if f == nil {
		return nil, nil // a reply nobody waits for any more
	}
	f.err = &iproto.ReplyTooLargeError{Size: size, Limit: limit}
	f.done <- struct{}{}
	return f, nil
}
