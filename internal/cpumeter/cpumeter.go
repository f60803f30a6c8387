// Package cpumeter reports the CPU time this process spends per benchmark
// operation. On a machine the client shares with the server, requests per
// second swing with whatever else runs; the client's own CPU time per
// request is what the client's code decides, and varies far less.
package cpumeter

import "testing"

// Start begins measuring; call the function it returns after the
// benchmark loop, to report "cpu-ns/op" (user and system time of the whole
// process, every goroutine and thread, divided by b.N).
func Start(b *testing.B) (stop func()) {
	b.Helper()
	t0, ok := processCPU()
	return func() {
		t1, ok1 := processCPU()
		if ok && ok1 && b.N > 0 {
			b.ReportMetric(float64(t1-t0)/float64(b.N), "cpu-ns/op")
		}
	}
}
