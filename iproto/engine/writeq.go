package engine

// The write queue (Conn.wbuf) holds requests not yet handed to the
// socket. A request whose caller gives up (its context ends, or
// Config.RequestTimeout passes) before it is taken from the queue is
// left out of the write: the server never sees it. One taken is on its
// way, whole or in part, and is written to its end, so that the stream
// stays in step.
//
// While the socket takes nothing (a server that does not read), the queue
// keeps what its callers still wait for and no more: the bytes of
// requests given up are cut out once they are half the queue (and at
// least compactAfter), so that callers retrying on their deadlines do not
// grow it without bound, at a cost amortised over the requests dropped.

// compactAfter is how many bytes of given-up requests the queue may hold
// before they are cut out ahead of the next write.
const compactAfter = 64 << 10

// wseg is where a request of Send lies in the write queue.
type wseg struct {
	sync       uint64
	start, end int
}

// dropUnwritten leaves f's request out of the write queue if it is still
// there, not taken for writing. f.buf still holds the request's packet:
// no reply can have come for a request not written.
func (c *Conn) dropUnwritten(f *future) {
	c.wmu.Lock()
	if f.batch == c.batch && c.werr == nil {
		if c.dropped == nil {
			c.dropped = make(map[uint64]struct{})
		}
		c.dropped[f.sync] = struct{}{}
		c.droppedBytes += len(f.buf)
		if c.droppedBytes >= compactAfter && 2*c.droppedBytes >= len(c.wbuf) {
			c.dropGivenUp()
		}
	}
	c.wmu.Unlock()
}

// dropGivenUp rewrites the queue without the requests in c.dropped. The
// caller holds wmu.
func (c *Conn) dropGivenUp() {
	out := make([]byte, 0, len(c.wbuf))
	prev := 0
	kept := c.wsegs[:0]
	for _, s := range c.wsegs {
		out = append(out, c.wbuf[prev:s.start]...) // what Post queued between
		if _, drop := c.dropped[s.sync]; !drop {
			start := len(out)
			out = append(out, c.wbuf[s.start:s.end]...)
			kept = append(kept, wseg{sync: s.sync, start: start, end: len(out)})
		}
		prev = s.end
	}
	out = append(out, c.wbuf[prev:]...)
	c.wbuf, c.wsegs = out, kept
	clear(c.dropped)
	c.droppedBytes = 0
}

// putBack puts the unwritten tail of a batch in front of the queue: it
// is part of requests already on their way, written before anything
// queued since. The caller holds wmu.
func (c *Conn) putBack(tail []byte) {
	q := make([]byte, 0, len(tail)+len(c.wbuf))
	q = append(q, tail...)
	q = append(q, c.wbuf...)
	for i := range c.wsegs {
		c.wsegs[i].start += len(tail)
		c.wsegs[i].end += len(tail)
	}
	c.wbuf = q
}
