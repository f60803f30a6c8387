package iproto

// Leads reports how many times a waiter read its own reply and gave the
// read token back, for tests of who reads the socket.
func (c *Conn) Leads() uint64 {
	c.pmu.Lock()
	defer c.pmu.Unlock()
	return c.leads
}

// Writes reports how many writes the connection has made to its socket,
// for benchmarks of how many requests a write carries.
func (c *Conn) Writes() uint64 { return c.writes.Load() }

// Watches reports how many contexts the connection watches for waiters
// (ctxwatch.go).
func (c *Conn) Watches() int {
	c.pmu.Lock()
	defer c.pmu.Unlock()
	return len(c.watches)
}
