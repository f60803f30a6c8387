package engine

import (
	"sync/atomic"
	"time"
)

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

// ArmOnRecycle makes the next request state with a timer that goes back
// to the pool have that timer armed for d at once, as the request that
// takes the state next arms it for its own request_timeout. The function
// returned uninstalls the hook and reports whether a state was recycled
// and whether its timer is still armed, then disarms it: not armed means
// the request that gave the state back stopped the timer after that.
func ArmOnRecycle(d time.Duration) (check func() (recycled, armed bool)) {
	var got atomic.Pointer[future]
	hook := func(f *future) {
		if f.timer != nil && got.CompareAndSwap(nil, f) {
			f.timer.Reset(d)
		}
	}
	recycledHook.Store(&hook)
	return func() (recycled, armed bool) {
		recycledHook.Store(nil)
		if f := got.Load(); f != nil {
			return true, f.timer.Stop()
		}
		return false, false
	}
}

// Pending reports how many requests wait for a reply (or for a late one
// to be discarded).
func (c *Conn) Pending() int {
	c.pmu.Lock()
	defer c.pmu.Unlock()
	return c.pending.len()
}

// QueuedBytes reports the size of the write queue: requests not yet
// taken for writing.
func (c *Conn) QueuedBytes() int {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return len(c.wbuf)
}
