package main

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	hundred := make([]int64, 100)
	for i := range hundred {
		hundred[i] = int64(i + 1)
	}
	tests := []struct {
		name   string
		sorted []int64
		p      int
		want   int64
	}{
		{"empty", nil, 50, 0},
		{"one value p50", []int64{7}, 50, 7},
		{"one value p99", []int64{7}, 99, 7},
		{"two values p50 is the lower", []int64{1, 2}, 50, 1},
		{"two values p99 is the upper", []int64{1, 2}, 99, 2},
		{"1..100 p50", hundred, 50, 50},
		{"1..100 p99", hundred, 99, 99},
		{"1..100 p100", hundred, 100, 100},
		{"1..100 p1", hundred, 1, 1},
		{"three values p50", []int64{10, 20, 30}, 50, 20},
		{"1..100 p0 clamps to the first", hundred, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(%d values, %d) = %d, want %d", len(tt.sorted), tt.p, got, tt.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	// 1..1000 µs in reverse order: summarize must sort.
	lat := make([]int64, 1000)
	for i := range lat {
		lat[i] = int64(1000-i) * int64(time.Microsecond)
	}
	s := summarize(lat, len(lat), 2*time.Second)
	if s.rps != 500 {
		t.Errorf("rps = %v, want 500", s.rps)
	}
	if s.p50 != 500*time.Microsecond {
		t.Errorf("p50 = %v, want 500µs", s.p50)
	}
	if s.p99 != 990*time.Microsecond {
		t.Errorf("p99 = %v, want 990µs", s.p99)
	}
	if s.requests != 1000 || s.elapsed != 2*time.Second {
		t.Errorf("requests, elapsed = %d, %v; want 1000, 2s", s.requests, s.elapsed)
	}
}

func TestSummarizeNothing(t *testing.T) {
	s := summarize(nil, 0, 0)
	if s.rps != 0 || s.p50 != 0 || s.p99 != 0 {
		t.Errorf("summary of no requests = %+v, want zeros", s)
	}
}
