package tntotel

import (
	"context"
	"time"

	"github.com/tntsql/tarantool/iproto/engine"
	"go.opentelemetry.io/otel/trace"
)

// dialing is the context TraceConnectStart returns.
type dialing struct {
	context.Context
	span trace.Span
}

// TraceConnectStart starts the span of a Dial, named "connect"; the
// session setup's requests, which the Dial makes in the context returned,
// are its children. It implements engine.ConnectTracer.
func (t *Tracer) TraceConnectStart(ctx context.Context, data engine.ConnectStart) context.Context {
	srv := newServer(data.Address)
	attrs := append(srv.attrs, transport(data.Network))
	ctx, span := t.tracer.Start(ctx, "connect", trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	return &dialing{Context: ctx, span: span}
}

// TraceConnectEnd ends the span of a Dial and, when it connected, counts
// the connection in db.client.connection.count until it is done. It
// implements engine.ConnectTracer.
func (t *Tracer) TraceConnectEnd(ctx context.Context, data engine.ConnectEnd) {
	d, ok := ctx.(*dialing)
	if !ok {
		return
	}
	if data.Err != nil {
		if data.Step != "" {
			d.span.SetAttributes(ConnectStepKey.String(data.Step))
		}
		t.failed(d.span, data.Err, errorAttrs(data.Err))
	} else if data.Conn != nil {
		t.connected(d.Context, t.conn(data.Conn))
	}
	d.span.End()
}

// TraceReconnect records an attempt of box to reconnect as a span named
// "reconnect" that spans the attempt's Dial. It implements
// engine.ReconnectTracer.
func (t *Tracer) TraceReconnect(ctx context.Context, data engine.Reconnect) {
	srv := newServer(data.Address)
	attrs := append(srv.attrs, ReconnectAttemptKey.Int(data.Attempt))
	if data.Cause != nil {
		cause := data.Cause.Error()
		if !t.errMessages {
			cause = errorAttrs(data.Cause)[0].Value.AsString()
		}
		attrs = append(attrs, ReconnectCauseKey.String(cause))
	}
	_, span := t.tracer.Start(ctx, "reconnect", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attrs...), spanStart(data.Duration))
	if data.Err != nil {
		t.failed(span, data.Err, errorAttrs(data.Err))
	}
	span.End()
}

// spanStart is the start time of a span that ended now and lasted d.
func spanStart(d time.Duration) trace.SpanStartEventOption {
	return trace.WithTimestamp(time.Now().Add(-d))
}

// TraceRoleChange records that an instance a connection follows changed
// its role (a failover, a switchover, an election) as a span named "role
// change", of no duration. It implements engine.RoleTracer.
func (t *Tracer) TraceRoleChange(ctx context.Context, data engine.RoleChange) {
	attrs := append(newServer(data.Address).attrs, RoleFromKey.String(data.From.String()), RoleToKey.String(data.To.String()))
	if data.Status != "" {
		attrs = append(attrs, InstanceStatusKey.String(data.Status))
	}
	_, span := t.tracer.Start(ctx, "role change", trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(attrs...))
	span.End()
}
