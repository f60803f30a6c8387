package main

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestParseNetbox(t *testing.T) {
	out := `{"progress":0}
{"progress":120}
{"result":{"requests":3,"elapsed_ns":1500000,"latency_ns":[300,100,200]}}
`
	var claimed atomic.Int64
	res, err := parseNetbox(strings.NewReader(out), &claimed)
	if err != nil {
		t.Fatal(err)
	}
	if claimed.Load() != 120 {
		t.Errorf("claimed = %d, want the last progress, 120", claimed.Load())
	}
	if res.requests != 3 || res.elapsed != 1500*time.Microsecond || res.err != nil {
		t.Errorf("result = %+v, want 3 requests in 1.5ms without error", res)
	}
	if len(res.latency) != 3 || res.latency[0] != 300 || res.latency[2] != 200 {
		t.Errorf("latency = %v, want [300 100 200]", res.latency)
	}
}

func TestParseNetboxRunError(t *testing.T) {
	out := `{"result":{"requests":0,"elapsed_ns":10,"latency_ns":[],"error":"request 1: Space 'x' does not exist"}}`
	var claimed atomic.Int64
	res, err := parseNetbox(strings.NewReader(out), &claimed)
	if err != nil {
		t.Fatal(err)
	}
	if res.err == nil || !strings.Contains(res.err.Error(), "Space 'x' does not exist") {
		t.Errorf("run error = %v, want the server's message", res.err)
	}
}

func TestParseNetboxFailures(t *testing.T) {
	tests := []struct {
		name, out, want string
	}{
		{"no output", "", "ended without a result"},
		{"progress only", `{"progress":5}`, "ended without a result"},
		{"start error", `{"error":"net.box cannot connect to 127.0.0.1:1: refused"}`, "cannot connect"},
		{"not JSON", "Segmentation fault\n", "net.box output"},
		{"empty object", `{}`, "neither progress, result nor error"},
		{"latency count differs", `{"result":{"requests":2,"elapsed_ns":1,"latency_ns":[1]}}`, "inconsistent"},
		{"negative elapsed", `{"result":{"requests":0,"elapsed_ns":-1,"latency_ns":[]}}`, "inconsistent"},
		{"truncated", `{"result":{"requests":2,"elapsed_ns":1,"latency_ns":[1,`, "net.box output"},
		{"latency not numbers", `{"result":{"requests":1,"elapsed_ns":1,"latency_ns":["x"]}}`, "net.box output"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var claimed atomic.Int64
			_, err := parseNetbox(strings.NewReader(tt.out), &claimed)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestTailBuffer(t *testing.T) {
	var tb tailBuffer
	tb.Write([]byte(strings.Repeat("a", 5000)))
	tb.Write([]byte("end"))
	if s := tb.String(); len(s) != 4096 || !strings.HasSuffix(s, "aend") {
		t.Errorf("tail is %d bytes ending %q, want the last 4096 ending in \"aend\"", len(s), s[len(s)-4:])
	}
}
