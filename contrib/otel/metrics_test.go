package tntotel_test

import (
	"slices"
	"testing"
	"time"

	tntotel "github.com/tntsql/tarantool/contrib/otel"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// requestSpans counts the ended spans of requests that were not
// abandoned: those db.client.operation.duration counts.
func (h *harness) requestSpans() int {
	n := 0
	for _, s := range h.spans.Ended() {
		_, op := attr(s, "db.operation.name")
		_, abandoned := attr(s, tntotel.AbandonedKey)
		if op && !abandoned {
			n++
		}
	}
	return n
}

// connCount returns the value of db.client.connection.count for attrs,
// and whether it has a data point.
func (h *harness) connCount(t *testing.T, attrs []attribute.KeyValue) (int64, bool) {
	t.Helper()
	m, ok := h.metrics(t)[tntotel.MetricConnectionCount]
	if !ok {
		return 0, false
	}
	want := attribute.NewSet(attrs...)
	for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
		if dp.Attributes.Equals(&want) {
			return dp.Value, true
		}
	}
	return 0, false
}

// waitConnCount polls (boundedly) until the connection count for attrs
// is want: the count goes down on a goroutine that watches the connection.
func (h *harness) waitConnCount(t *testing.T, attrs []attribute.KeyValue, want int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		n, _ := h.connCount(t, attrs)
		if n == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("db.client.connection.count %d, want %d", n, want)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestMetrics(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t)
	c := h.boxConn(t, s)
	ctx := testCtx(t)
	for range 3 {
		if err := c.Call(ctx, "echo", 1).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Call(ctx, "box.error", map[string]any{"code": 3, "reason": "x"}).Err(); err == nil {
		t.Fatal("box.error succeeded")
	}
	f, err := c.EngineConn().SendContext(ctx, &iproto.Call{Function: "echo"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Release() // abandoned: not in the duration histogram

	base := serverAttrs(t, s)
	ms := h.metrics(t)
	hist := ms[tntotel.MetricOperationDuration]
	if hist.Unit != "s" {
		t.Errorf("%s unit %q, want s", hist.Name, hist.Unit)
	}
	echo := attribute.NewSet(with(base,
		attribute.String("db.operation.name", "CALL"),
		attribute.String("db.stored_procedure.name", "echo"))...)
	failed := attribute.NewSet(with(base,
		attribute.String("db.operation.name", "CALL"),
		attribute.String("db.stored_procedure.name", "box.error"),
		attribute.String("error.type", "ER_TUPLE_FOUND"),
		attribute.String("db.response.status_code", "3"))...)
	var total, echoes, failures uint64
	for _, dp := range hist.Data.(metricdata.Histogram[float64]).DataPoints {
		total += dp.Count
		switch {
		case dp.Attributes.Equals(&echo):
			echoes = dp.Count
		case dp.Attributes.Equals(&failed):
			failures = dp.Count
		}
		if want := []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10}; !slices.Equal(dp.Bounds, want) {
			t.Errorf("bounds %v, want %v", dp.Bounds, want)
		}
	}
	if n := h.requestSpans(); total != uint64(n) {
		t.Errorf("%d durations recorded, want %d (the request spans not abandoned)", total, n)
	}
	if echoes != 3 || failures != 1 {
		t.Errorf("durations: %d CALL echo, %d failed; want 3, 1", echoes, failures)
	}

	active := ms[tntotel.MetricActiveRequests].Data.(metricdata.Sum[int64])
	if active.IsMonotonic || len(active.DataPoints) == 0 {
		t.Errorf("%s: %+v, want an up-down counter", tntotel.MetricActiveRequests, active)
	}
	for _, dp := range active.DataPoints {
		if dp.Value != 0 {
			t.Errorf("%s = %d for %s, want 0", tntotel.MetricActiveRequests, dp.Value, dp.Attributes.Encoded(attribute.DefaultEncoder()))
		}
	}

	conn := with(base,
		attribute.String("db.client.connection.pool.name", s.Addr),
		attribute.String("db.client.connection.state", "used"))
	if n, _ := h.connCount(t, conn); n != 1 {
		t.Errorf("db.client.connection.count %d, want 1", n)
	}
	c.Close()
	h.waitConnCount(t, conn, 0)
}

func TestMetricsSQL(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t)
	db := h.openDB(t, s)
	ctx := testCtx(t)
	var n int
	if err := db.QueryRowContext(ctx, "SELECT 1").Scan(&n); err != nil {
		t.Fatal(err)
	}
	conn := with(serverAttrs(t, s),
		attribute.String("db.client.connection.pool.name", s.Addr),
		attribute.String("db.client.connection.state", "used"))
	if n, _ := h.connCount(t, conn); n != 1 {
		t.Errorf("db.client.connection.count %d, want 1", n)
	}
	db.Close()
	h.waitConnCount(t, conn, 0)
}
