package main

import (
	"slices"
	"time"
)

// summary is what the table shows of a run.
type summary struct {
	requests int
	elapsed  time.Duration
	rps      float64 // requests per second; 0 when nothing completed
	p50, p99 time.Duration
}

// summarize computes throughput and latency percentiles of a run. It sorts
// latency (nanoseconds) in place.
func summarize(latency []int64, requests int, elapsed time.Duration) summary {
	s := summary{requests: requests, elapsed: elapsed}
	if requests > 0 && elapsed > 0 {
		s.rps = float64(requests) / elapsed.Seconds()
	}
	slices.Sort(latency)
	s.p50 = time.Duration(percentile(latency, 50))
	s.p99 = time.Duration(percentile(latency, 99))
	return s
}

// percentile returns the nearest-rank p-th percentile (1 <= p <= 100) of
// sorted: the smallest value that at least p% of the values do not
// exceed, that is the ceil(p*n/100)-th. It returns 0 for no values.
func percentile(sorted []int64, p int) int64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := min(max((p*n+99)/100, 1), n)
	return sorted[rank-1]
}
