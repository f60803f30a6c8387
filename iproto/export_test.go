package iproto

// Leads reports how many times a waiter read its own reply and gave the
// read token back, for tests of who reads the socket.
func (c *Conn) Leads() uint64 {
	c.pmu.Lock()
	defer c.pmu.Unlock()
	return c.leads
}
