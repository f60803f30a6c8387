package tntotel_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tntotel "github.com/tntsql/tarantool/contrib/otel"
	"github.com/tntsql/tarantool/internal/tnttest"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// harness is a Tracer recording into memory.
type harness struct {
	tr     *tntotel.Tracer
	tp     *sdktrace.TracerProvider
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
}

func newHarness(t *testing.T, opts ...tntotel.Option) *harness {
	t.Helper()
	h := &harness{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	h.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(h.spans))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(h.reader))
	t.Cleanup(func() {
		h.tp.Shutdown(context.Background())
		mp.Shutdown(context.Background())
	})
	opts = append([]tntotel.Option{tntotel.WithTracerProvider(h.tp), tntotel.WithMeterProvider(mp)}, opts...)
	h.tr = tntotel.New(opts...)
	return h
}

// parent starts a span for the test's requests to be children of.
func (h *harness) parent(ctx context.Context) (context.Context, trace.Span) {
	return h.tp.Tracer("test").Start(ctx, "parent")
}

// children returns the ended spans whose parent is p.
func (h *harness) children(p trace.Span) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range h.spans.Ended() {
		if s.Parent().SpanID() == p.SpanContext().SpanID() {
			out = append(out, s)
		}
	}
	return out
}

// only returns the one child of p, failing the test unless there is
// exactly one.
func (h *harness) only(t *testing.T, p trace.Span) sdktrace.ReadOnlySpan {
	t.Helper()
	c := h.children(p)
	if len(c) != 1 {
		t.Fatalf("parent has %d child spans, want 1: %v", len(c), names(c))
	}
	return c[0]
}

// named returns the ended spans named name.
func (h *harness) named(name string) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range h.spans.Ended() {
		if s.Name() == name {
			out = append(out, s)
		}
	}
	return out
}

func names(spans []sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name())
	}
	return out
}

// metrics collects the metrics recorded so far.
func (h *harness) metrics(t *testing.T) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := h.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m
		}
	}
	return out
}

// checkAttrs fails unless span has exactly the attributes want.
func checkAttrs(t *testing.T, span sdktrace.ReadOnlySpan, want ...attribute.KeyValue) {
	t.Helper()
	got := attribute.NewSet(span.Attributes()...)
	w := attribute.NewSet(want...)
	if !got.Equals(&w) {
		t.Errorf("span %q attributes:\n got %s\nwant %s", span.Name(), got.Encoded(attribute.DefaultEncoder()), w.Encoded(attribute.DefaultEncoder()))
	}
}

// attr returns span's attribute key.
func attr(span sdktrace.ReadOnlySpan, key attribute.Key) (attribute.Value, bool) {
	for _, kv := range span.Attributes() {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

// serverAttrs are the attributes every span of a request to s carries.
func serverAttrs(t *testing.T, s *tnttest.Server) []attribute.KeyValue {
	t.Helper()
	host, port, ok := strings.Cut(s.Addr, ":")
	if !ok {
		t.Fatalf("server address %q is not host:port", s.Addr)
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	return []attribute.KeyValue{
		attribute.String("db.system.name", "tarantool"),
		attribute.String("server.address", host),
		attribute.Int("server.port", p),
	}
}

// with returns base followed by more, in a new slice.
func with(base []attribute.KeyValue, more ...attribute.KeyValue) []attribute.KeyValue {
	return append(slices.Clip(base), more...)
}

// ctx returns a context for a test's requests.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// spanOf lets a recorded span stand as a parent for children.
func spanOf(s sdktrace.ReadOnlySpan) trace.Span {
	return trace.SpanFromContext(trace.ContextWithSpanContext(context.Background(), s.SpanContext()))
}
