package integration

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A mixed load for the fault and soak tests, run on any loadClient: the
// database/sql driver (sqlClient) and, next to it, box. Every value a call
// carries is unique, so a reply can be matched to its request and every
// row counted afterwards.

// loadClient is one way of talking to the server.
type loadClient interface {
	// Write inserts one row holding val.
	Write(ctx context.Context, val string) error
	// TxWrite inserts one row per value in one interactive transaction
	// (2.10+); nil means committed.
	TxWrite(ctx context.Context, vals []string) error
	// Echo sends val and returns what the server sent back.
	Echo(ctx context.Context, val string) (string, error)
	// Count returns how many rows hold val.
	Count(ctx context.Context, val string) (int, error)
	// Counts returns the number of rows holding each value.
	Counts(ctx context.Context) (map[string]int, error)
}

// loadOptions shape a load.
type loadOptions struct {
	workers    int
	tx         bool          // include transactions
	cancelRate float64       // share of calls whose context is cancelled at a random moment
	callLimit  time.Duration // deadline of each call: a call still running after it is a hang
}

// outcome is what a write reported.
type outcome struct {
	vals []string
	err  error
}

// load is a running load; stop it with finish.
type load struct {
	opts    loadOptions
	c       loadClient
	stop    chan struct{}
	wg      sync.WaitGroup
	ok      atomic.Int64 // calls that returned nil
	failed  atomic.Int64
	mu      sync.Mutex
	writes  []outcome
	unknown []error  // errors that do not say whether the call may be retried
	wrong   []string // replies that did not match their request, reads that missed a write
}

// startLoad starts opts.workers goroutines calling c until finish.
func startLoad(c loadClient, opts loadOptions) *load {
	l := &load{opts: opts, c: c, stop: make(chan struct{})}
	run := rand.Uint64()
	for w := 0; w < opts.workers; w++ {
		l.wg.Add(1)
		go l.worker(fmt.Sprintf("%x-%d", run&0xffffff, w), rand.New(rand.NewPCG(run, uint64(w))))
	}
	return l
}

// finish stops the workers and waits for them.
func (l *load) finish() {
	close(l.stop)
	l.wg.Wait()
}

// waitOK waits until n more calls have succeeded than when it was called,
// and fails the test if that takes longer than limit.
func (l *load) waitOK(t *testing.T, n int64, limit time.Duration, what string) {
	t.Helper()
	waitMore(t, &l.ok, "successful", n, limit, what)
}

// waitFailed waits until n more calls have failed than when it was
// called, and fails the test if that takes longer than limit.
func (l *load) waitFailed(t *testing.T, n int64, limit time.Duration, what string) {
	t.Helper()
	waitMore(t, &l.failed, "failed", n, limit, what)
}

// waitMore waits until counter has grown by n, failing the test (with
// kind naming the calls counted) if that takes longer than limit.
func waitMore(t *testing.T, counter *atomic.Int64, kind string, n int64, limit time.Duration, what string) {
	t.Helper()
	start := counter.Load()
	deadline := time.Now().Add(limit)
	for counter.Load() < start+n {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d %s calls in %v, want %d", what, counter.Load()-start, kind, limit, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (l *load) worker(id string, r *rand.Rand) {
	defer l.wg.Done()
	var acked []string // values this worker wrote with a nil error
	for i := 0; ; i++ {
		select {
		case <-l.stop:
			return
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), l.opts.callLimit)
		var timer *time.Timer
		if r.Float64() < l.opts.cancelRate {
			timer = time.AfterFunc(time.Duration(r.IntN(2000))*time.Microsecond, cancel)
		}
		val := fmt.Sprintf("%s-%d", id, i)
		var err error
		switch op := r.IntN(10); {
		case op < 4:
			err = l.c.Write(ctx, val)
			l.record(outcome{vals: []string{val}, err: err})
			if err == nil {
				acked = append(acked, val)
			}
		case op < 6 && l.opts.tx:
			vals := []string{val + "a", val + "b"}
			err = l.c.TxWrite(ctx, vals)
			l.record(outcome{vals: vals, err: err})
		case op < 8 || len(acked) == 0:
			var got string
			if got, err = l.c.Echo(ctx, val); err == nil && got != val {
				l.mismatch("echo of %q returned %q", val, got)
			}
		default:
			v := acked[r.IntN(len(acked))]
			var n int
			if n, err = l.c.Count(ctx, v); err == nil && n != 1 {
				l.mismatch("acknowledged write %q found %d times", v, n)
			}
		}
		if timer != nil {
			timer.Stop()
		}
		cancel()
		if err == nil {
			l.ok.Add(1)
			continue
		}
		l.failed.Add(1)
		if _, known := retryState(err); !known {
			l.mu.Lock()
			l.unknown = append(l.unknown, err)
			l.mu.Unlock()
		}
	}
}

func (l *load) record(o outcome) {
	l.mu.Lock()
	l.writes = append(l.writes, o)
	l.mu.Unlock()
}

func (l *load) mismatch(format string, args ...any) {
	l.mu.Lock()
	l.wrong = append(l.wrong, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

// retryState says whether a failed call may be retried (it certainly did
// not run) and whether the error says so at all: driver.ErrBadConn and
// errors with SafeToRetry (engine.ConnError, engine.DialError) do; so does
// sql.ErrTxDone, which database/sql returns for a transaction it rolled
// back when the context ended; the caller's own context ending (or
// request_timeout) means the call may have run.
func retryState(err error) (safe, known bool) {
	var r interface{ SafeToRetry() bool }
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrTxDone):
		return true, true
	case errors.As(err, &r):
		return r.SafeToRetry(), true
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false, true
	}
	return false, false
}

// check verifies what the load saw and what the server holds: every error
// said whether it may be retried, every reply matched, every write that
// returned nil is there exactly once, every write that failed as safe to
// retry is absent, every other write is there at most once, and a
// transaction is all there or not at all.
func (l *load) check(t *testing.T) {
	t.Helper()
	for i, err := range l.unknown {
		if i == 10 {
			t.Errorf("... and %d more errors that do not say whether they may be retried", len(l.unknown)-10)
			break
		}
		t.Errorf("error does not say whether the call may be retried: %T %v", err, err)
	}
	for i, w := range l.wrong {
		if i == 10 {
			t.Errorf("... and %d more mismatches", len(l.wrong)-10)
			break
		}
		t.Error(w)
	}
	var counts map[string]int
	var err error
	for try := 0; try < 20; try++ { // the server may still be coming back
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		counts, err = l.c.Counts(ctx)
		cancel()
		if err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("counting the rows: %v", err)
	}
	written := map[string]bool{}
	bad := 0
	report := func(format string, args ...any) {
		if bad++; bad <= 10 {
			t.Errorf(format, args...)
		}
	}
	for _, o := range l.writes {
		first := counts[o.vals[0]]
		for _, v := range o.vals {
			written[v] = true
			n := counts[v]
			safe, _ := retryState(o.err)
			switch {
			case o.err == nil && n != 1:
				report("write of %q returned nil; found %d times, want 1", v, n)
			case o.err != nil && safe && n != 0:
				report("write of %q failed as safe to retry (%v); found %d times, want 0", v, o.err, n)
			case n > 1:
				report("write of %q (error %v) found %d times, want at most 1", v, o.err, n)
			case n != first:
				report("transaction %v (error %v) is partly there: %q %d times, %q %d times", o.vals, o.err, o.vals[0], first, v, n)
			}
		}
	}
	for v, n := range counts {
		if !written[v] {
			report("row %q (%d times) was never written", v, n)
		}
	}
	if bad > 10 {
		t.Errorf("... %d bad rows in all", bad)
	}
}

// summary describes the load for the test log.
func (l *load) summary() string {
	acked := 0
	for _, o := range l.writes {
		if o.err == nil {
			acked++
		}
	}
	return fmt.Sprintf("%d calls succeeded, %d failed; %d writes, %d acknowledged", l.ok.Load(), l.failed.Load(), len(l.writes), acked)
}
