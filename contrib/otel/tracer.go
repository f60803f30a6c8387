package tntotel

import (
	"context"
	"sync"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// ScopeName is the instrumentation scope of the Tracer's spans and
// metrics.
const ScopeName = "github.com/tntsql/tarantool/contrib/otel"

// Tracer records the requests, dials and reconnections of the connections
// whose Config.Tracer it is as OpenTelemetry spans and metrics (see the
// package documentation for what it records). It is safe for concurrent
// use, and one Tracer may serve any number of Configs.
type Tracer struct {
	tracer      trace.Tracer
	inst        instruments
	queryText   bool
	errMessages bool
	conns       sync.Map // *engine.Conn -> *connState
}

var (
	_ engine.Tracer          = (*Tracer)(nil)
	_ engine.ConnectTracer   = (*Tracer)(nil)
	_ engine.ReconnectTracer = (*Tracer)(nil)
	_ engine.RoleTracer      = (*Tracer)(nil)
)

// New returns a Tracer configured by opts.
func New(opts ...Option) *Tracer {
	c := config{queryText: true, errMessages: true}
	for _, o := range opts {
		o(&c)
	}
	if c.tp == nil {
		c.tp = otel.GetTracerProvider()
	}
	if c.mp == nil {
		c.mp = otel.GetMeterProvider()
	}
	return &Tracer{
		tracer:      c.tp.Tracer(ScopeName),
		inst:        newInstruments(c.mp.Meter(ScopeName)),
		queryText:   c.queryText,
		errMessages: c.errMessages,
	}
}

// request is the context TraceRequestStart returns: the caller's, with
// what TraceRequestEnd needs.
type request struct {
	context.Context
	span trace.Span
	set  *attribute.Set // the metric attributes
}

// TraceRequestStart starts the request's span (a child of the span in
// ctx, if any) and counts it in flight. It implements engine.Tracer.
func (t *Tracer) TraceRequestStart(ctx context.Context, conn *engine.Conn, data engine.RequestStart) context.Context {
	st := t.conn(conn)
	sum := engine.Summarize(data.Request)
	k := setKey{op: sum.Operation, collection: data.Space}

	attrs := make([]attribute.KeyValue, 0, len(st.attrs)+4)
	attrs = append(attrs, st.attrs...)
	attrs = append(attrs, semconv.DBOperationName(sum.Operation))
	target := ""
	typ := data.Request.Type()
	switch {
	case data.Space != "":
		target = data.Space
		attrs = append(attrs, semconv.DBCollectionName(data.Space))
	case typ == iproto.TypeCall || typ == iproto.TypeCall16:
		k.procedure, target = sum.Text, sum.Text
		if sum.Text != "" {
			attrs = append(attrs, semconv.DBStoredProcedureName(sum.Text))
		}
	case sum.SpaceID != 0:
		attrs = append(attrs, SpaceIDKey.Int64(int64(sum.SpaceID)))
	case targetsServer(typ):
		target = st.target
	}
	if k.procedure == "" && sum.Text != "" && t.queryText {
		attrs = append(attrs, semconv.DBQueryText(sum.Text))
	}
	if data.StreamID != 0 {
		attrs = append(attrs, StreamIDKey.Int64(int64(data.StreamID)))
	}
	name := sum.Operation
	if target != "" {
		name += " " + target
	}
	_, span := t.tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	r := &request{Context: ctx, span: span, set: st.set(k)}
	t.inst.active.Add(ctx, 1, metric.WithAttributeSet(*r.set))
	return r
}

// TraceRequestEnd ends the request's span and records its duration. It
// implements engine.Tracer.
func (t *Tracer) TraceRequestEnd(ctx context.Context, conn *engine.Conn, data engine.RequestEnd) {
	r, ok := ctx.(*request)
	if !ok {
		return // not started by this Tracer
	}
	t.inst.active.Add(r.Context, -1, metric.WithAttributeSet(*r.set))
	switch {
	case data.Released:
		r.span.SetAttributes(AbandonedKey.Bool(true))
	case data.Err != nil:
		ea := errorAttrs(data.Err)
		t.failed(r.span, data.Err, ea)
		attrs := append(r.set.ToSlice(), ea...)
		t.inst.duration.Record(r.Context, data.Duration.Seconds(), metric.WithAttributes(attrs...))
	default:
		t.inst.duration.Record(r.Context, data.Duration.Seconds(), metric.WithAttributeSet(*r.set))
	}
	r.span.End()
}

// targetsServer reports whether requests of type typ act on no collection,
// function or namespace, but on the server or the session: their span
// name's target is the server's address.
func targetsServer(typ iproto.RequestType) bool {
	switch typ {
	case iproto.TypePing, iproto.TypeID, iproto.TypeAuth, iproto.TypeNop,
		iproto.TypeBegin, iproto.TypeCommit, iproto.TypeRollback,
		iproto.TypeWatch, iproto.TypeUnwatch, iproto.TypeWatchOnce:
		return true
	}
	return false
}
