package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// progress shows on stderr which run is going and how far it is. On a
// terminal one line is redrawn a few times a second; elsewhere a line is
// printed as each run ends.
type progress struct {
	w     io.Writer
	tty   bool
	quiet bool
	total int // runs planned
	done  int // runs started
}

func newProgress(w io.Writer, total int, quiet bool) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil {
			tty = st.Mode()&os.ModeCharDevice != 0
		}
	}
	return &progress{w: w, tty: tty, quiet: quiet, total: total}
}

// start announces a run of n requests whose progress claimed counts, and
// returns the function that ends it with what the run reached.
func (p *progress) start(label string, n int, claimed *atomic.Int64) (finish func(result)) {
	p.done++
	prefix := fmt.Sprintf("[%d/%d] %s", p.done, p.total, label)
	if p.quiet {
		return func(result) {}
	}
	if !p.tty {
		return func(r result) { fmt.Fprintf(p.w, "%s: %s\n", prefix, outcome(r)) }
	}
	t0 := time.Now()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			c := min(claimed.Load(), int64(n))
			fmt.Fprintf(p.w, "\r\033[K%s: %d/%d (%d%%) %.1fs", prefix, c, n, c*100/int64(max(n, 1)), time.Since(t0).Seconds())
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func(r result) {
		close(stop)
		wg.Wait()
		fmt.Fprintf(p.w, "\r\033[K%s: %s\n", prefix, outcome(r))
	}
}

// outcome is the one-line summary of a finished run.
func outcome(r result) string {
	if r.err != "" {
		return "failed: " + r.err
	}
	return fmt.Sprintf("%s req/s, p50 %s, p99 %s", formatRate(r.sum.rps), formatLatency(r.sum.p50), formatLatency(r.sum.p99))
}
