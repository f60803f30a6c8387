package iproto

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

// ArmOnRecycle makes the next Future with a timer that goes back to the
// pool arm that timer for d, as the request taking it next would. check
// reports whether that happened and whether the timer was still armed
// afterwards (stopping it), and removes the hook.
func ArmOnRecycle(d time.Duration) (check func() (recycled, armed bool)) {
	var got atomic.Pointer[Future]
	h := func(f *Future) {
		if f.timer != nil && got.CompareAndSwap(nil, f) {
			f.timer.Reset(d)
		}
	}
	recycleHook.Store(&h)
	return func() (bool, bool) {
		recycleHook.Store(nil)
		f := got.Load()
		if f == nil {
			return false, false
		}
		return true, f.timer.Stop()
	}
}
