package box

import "github.com/tntsql/tarantool/iproto/engine"

// Stats are a Conn's counters: those of every connection it has had
// (Connect's, then one per reconnection), with InFlight the current
// connection's, and how many times it reconnected. A Conn from NewConn
// reports the borrowed connection's counters, which count the requests of
// everyone using it (the database/sql sessions sharing its socket too).
type Stats struct {
	engine.Stats
	Reconnects uint64 // connections that replaced a broken one
}

// Stats returns the Conn's counters. It may be called at any time, also
// after Close.
func (c *Conn) Stats() Stats {
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	return Stats{Stats: c.retired.Add(c.gen.Load().ic.Stats()), Reconnects: c.reconnects}
}

// replace makes ic the current connection in place of g's, whose
// counters join the retired ones. Under statsMu, so that Stats never
// counts g's connection twice or not at all.
func (c *Conn) replace(g *generation, ic *engine.Conn) {
	c.statsMu.Lock()
	old := g.ic.Stats()
	old.InFlight = 0 // failed: nothing is in flight on it any more
	c.retired = c.retired.Add(old)
	c.reconnects++
	c.gen.Store(&generation{ic: ic, next: make(chan struct{})})
	c.statsMu.Unlock()
}
