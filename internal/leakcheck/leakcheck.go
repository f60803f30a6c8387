// Package leakcheck checks that a test leaves no goroutine behind: it
// counts them when the test starts and, when it ends, waits a bounded time
// for the count to settle back.
package leakcheck

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// Settle is how long Goroutines waits for goroutines to end.
const Settle = 5 * time.Second

// Goroutines records the number of goroutines now and registers a cleanup
// that fails the test, with the stacks of the goroutines still running,
// if the number has not come back to it within Settle. Call it before
// anything whose cleanup must run first (servers, pools), since cleanups
// run last-registered first. The tests of the package must not run in
// parallel with the caller.
func Goroutines(t testing.TB) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		if n, ok := WaitGoroutines(before, Settle); !ok {
			t.Errorf("%d goroutines left after the test, %d before; running:\n%s", n, before, stacks())
		}
	})
}

// WaitGoroutines waits up to d for the number of goroutines to fall to at
// most n, and returns the last count and whether it did.
func WaitGoroutines(n int, d time.Duration) (int, bool) {
	deadline := time.Now().Add(d)
	for {
		got := runtime.NumGoroutine()
		if got <= n {
			return got, true
		}
		if time.Now().After(deadline) {
			return got, false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stacks returns the stacks of all goroutines but the caller's, with the
// test framework's own filtered out.
func stacks() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for i, g := range strings.Split(string(buf), "\n\n") {
		if i == 0 || strings.Contains(g, "testing.(*T).Run") || strings.Contains(g, "testing.tRunner") && !strings.Contains(g, "tntsql") {
			continue
		}
		out = append(out, g)
	}
	return strings.Join(out, "\n\n")
}
