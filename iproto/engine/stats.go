package engine

import "sync/atomic"

// Stats are a connection's counters since it was dialed.
type Stats struct {
	InFlight     int    // requests waiting for their reply now
	Sent         uint64 // requests queued for writing (WATCH and its acknowledgements not counted)
	Failed       uint64 // requests that ended in an error: the server's, a timeout, the context's, the connection's
	Pushes       uint64 // push messages received (box.session.push)
	Events       uint64 // watcher events received
	BytesWritten uint64 // bytes written to the socket after the handshake
	BytesRead    uint64 // bytes read from the socket, the handshake included
	Writes       uint64 // writes to the socket: requests per write is Sent / Writes
}

// Add returns the sum of s and o, field by field: the totals of several
// connections.
func (s Stats) Add(o Stats) Stats {
	return Stats{
		InFlight:     s.InFlight + o.InFlight,
		Sent:         s.Sent + o.Sent,
		Failed:       s.Failed + o.Failed,
		Pushes:       s.Pushes + o.Pushes,
		Events:       s.Events + o.Events,
		BytesWritten: s.BytesWritten + o.BytesWritten,
		BytesRead:    s.BytesRead + o.BytesRead,
		Writes:       s.Writes + o.Writes,
	}
}

// counters are the Conn's Stats as they are counted: each by the one
// goroutine (or lock holder) that does what it counts.
type counters struct {
	sent, failed, pushes, events, written atomic.Uint64
}

// Stats returns the connection's counters. It may be called at any time,
// also after the connection failed or closed (InFlight is then 0).
func (c *Conn) Stats() Stats {
	c.pmu.Lock()
	inFlight := c.pending.len()
	c.pmu.Unlock()
	return Stats{
		InFlight:     inFlight,
		Sent:         c.count.sent.Load(),
		Failed:       c.count.failed.Load(),
		Pushes:       c.count.pushes.Load(),
		Events:       c.count.events.Load(),
		BytesWritten: c.count.written.Load(),
		BytesRead:    c.rr.read.Load(),
		Writes:       c.writes.Load(),
	}
}
