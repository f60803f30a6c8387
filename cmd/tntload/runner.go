package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// op sends request number i (1-based) and waits for its reply.
type op func(ctx context.Context, i uint64) error

// target is a Go client under test. newOp is called once per goroutine,
// so an op may keep state of its own; it returns errUnsupported for a row
// the client has no request for.
type target interface {
	newOp(r row) (op, error)
}

// plan bounds one run: at most n requests, at most duration, over conc
// goroutines (or fibers), after warmup requests that are not measured.
type plan struct {
	conc     int
	n        int
	warmup   int
	duration time.Duration
}

// runResult is what one run measured.
type runResult struct {
	requests int           // completed without error
	elapsed  time.Duration // from the start signal to the last reply
	latency  []int64       // per completed request, nanoseconds
	err      error         // the first error; the run stopped at it
}

// runGo runs row r of t under plan p. claimed counts the requests taken so
// far, for the progress line.
func runGo(ctx context.Context, t target, r row, p plan, claimed *atomic.Int64) (runResult, error) {
	ops := make([]op, p.conc)
	for w := range ops {
		o, err := t.newOp(r)
		if err != nil {
			return runResult{}, err
		}
		ops[w] = o
	}
	if p.warmup > 0 {
		var discard atomic.Int64
		if res := runOps(ctx, ops, p.warmup, p.duration, &discard); res.err != nil {
			return res, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return runResult{}, err
	}
	res := runOps(ctx, ops, p.n, p.duration, claimed)
	if err := ctx.Err(); err != nil {
		return runResult{}, err
	}
	return res, nil
}

// runOps runs up to n requests over one goroutine per op, stopping at
// duration or at the first error.
func runOps(ctx context.Context, ops []op, n int, duration time.Duration, claimed *atomic.Int64) runResult {
	var (
		stop     atomic.Bool
		errOnce  sync.Once
		firstErr error
		wg       sync.WaitGroup
		start    = make(chan struct{})
		lats     = make([][]int64, len(ops))
		limit    = int64(n)
	)
	claimed.Store(0)
	timer := time.AfterFunc(duration, func() { stop.Store(true) })
	defer timer.Stop()
	stopCtx := context.AfterFunc(ctx, func() { stop.Store(true) })
	defer stopCtx()
	for w, o := range ops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]int64, 0, n/len(ops)+1)
			<-start
			for !stop.Load() {
				i := claimed.Add(1)
				if i > limit {
					break
				}
				t0 := time.Now()
				err := o(ctx, uint64(i))
				d := time.Since(t0)
				if err != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("request %d: %w", i, err) })
					stop.Store(true)
					break
				}
				lat = append(lat, int64(d))
			}
			lats[w] = lat
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	res := runResult{elapsed: time.Since(t0), err: firstErr}
	total := 0
	for _, l := range lats {
		total += len(l)
	}
	res.latency = make([]int64, 0, total)
	for _, l := range lats {
		res.latency = append(res.latency, l...)
	}
	res.requests = total
	if claimed.Load() > limit {
		claimed.Store(limit)
	}
	return res
}
