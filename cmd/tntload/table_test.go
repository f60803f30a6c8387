package main

import (
	"strings"
	"testing"
	"time"
)

func TestFormatRate(t *testing.T) {
	tests := []struct {
		rps  float64
		want string
	}{
		{0, "0"},
		{999.4, "999"},
		{999.5, "1,000"},
		{12345, "12,345"},
		{208412.2, "208,412"},
		{1234567, "1,234,567"},
	}
	for _, tt := range tests {
		if got := formatRate(tt.rps); got != tt.want {
			t.Errorf("formatRate(%v) = %q, want %q", tt.rps, got, tt.want)
		}
	}
}

func TestFormatLatency(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "-"},
		{1500 * time.Nanosecond, "1.5µs"},
		{57 * time.Microsecond, "57µs"},
		{999 * time.Microsecond, "999µs"},
		{1234 * time.Microsecond, "1.23ms"},
		{45600 * time.Microsecond, "45.6ms"},
		{2500 * time.Millisecond, "2.50s"},
	}
	for _, tt := range tests {
		if got := formatLatency(tt.d); got != tt.want {
			t.Errorf("formatLatency(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// sampleResults is one row run by three clients, and a failed run.
func sampleResults() []result {
	return []result{
		{row: rowPing, client: allClients[0], conc: 300, sum: summary{requests: 1000, rps: 100_000, p50: 2 * time.Millisecond, p99: 5 * time.Millisecond}},
		{row: rowPing, client: allClients[1], conc: 300, sum: summary{requests: 1000, rps: 150_000, p50: time.Millisecond, p99: 3 * time.Millisecond}},
		{row: rowPing, client: allClients[2], conc: 300, pool: 16, sum: summary{requests: 1000, rps: 50_000, p50: 4 * time.Millisecond, p99: 9 * time.Millisecond}},
		{row: rowPing, client: allClients[4], conc: 1, sum: summary{requests: 10, rps: 9000, p50: 100 * time.Microsecond, p99: 200 * time.Microsecond}},
		{row: rowSelect, client: allClients[1], conc: 300, err: "request 5: boom"},
	}
}

func TestSetRatios(t *testing.T) {
	rs := sampleResults()
	setRatios(rs)
	want := []float64{0, 1.5, 0.5, 0, 0} // box1 has no net.box ×1 to compare to
	for i, r := range rs {
		if r.ratio != want[i] {
			t.Errorf("%s %s: ratio %v, want %v", r.row, r.client.id, r.ratio, want[i])
		}
	}
}

func TestWriteTableText(t *testing.T) {
	rs := sampleResults()
	setRatios(rs)
	var b strings.Builder
	if err := writeTable(&b, rs, false); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	want := []string{
		"row           client                  conc  requests    req/s  vs net.box     p50     p99",
		"ping          net.box                  300      1000  100,000              2.00ms  5.00ms",
		"ping          box                      300      1000  150,000       1.50x  1.00ms  3.00ms",
		"ping          database/sql (pool 16)   300      1000   50,000       0.50x  4.00ms  9.00ms",
		"ping          box                        1        10    9,000               100µs   200µs",
		"select by pk  box                      300    failed",
		"select by pk, box ×300 failed: request 5: boom",
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), b.String())
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\ngot  %q\nwant %q", i, lines[i], want[i])
		}
	}
}

func TestWriteTableMarkdown(t *testing.T) {
	rs := sampleResults()[:2]
	setRatios(rs)
	var b strings.Builder
	if err := writeTable(&b, rs, true); err != nil {
		t.Fatal(err)
	}
	want := "| row | client | conc | requests | req/s | vs net.box | p50 | p99 |\n" +
		"|---|---|---:|---:|---:|---:|---:|---:|\n" +
		"| ping | net.box | 300 | 1000 | 100,000 |  | 2.00ms | 5.00ms |\n" +
		"| ping | box | 300 | 1000 | 150,000 | 1.50x | 1.00ms | 3.00ms |\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
