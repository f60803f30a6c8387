package tntotel

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// Option configures a Tracer.
type Option func(*config)

type config struct {
	tp          trace.TracerProvider
	mp          metric.MeterProvider
	queryText   bool
	errMessages bool
}

// WithTracerProvider sets the TracerProvider spans are created with;
// default (and for nil) otel.GetTracerProvider().
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tp = tp }
}

// WithMeterProvider sets the MeterProvider metrics are recorded with;
// default (and for nil) otel.GetMeterProvider().
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.mp = mp }
}

// WithQueryText sets whether spans record db.query.text: the SQL text of
// EXECUTE and PREPARE and the Lua expression of EVAL. Default true: the
// text is parameterized, its arguments are never recorded; turn it off
// for applications that write values into the text itself.
func WithQueryText(on bool) Option {
	return func(c *config) { c.queryText = on }
}

// WithErrorMessages sets whether a failed span records its error's
// message, as its status description and in an exception event. Default
// true. A server error's message is the server's own, and may quote the
// data of the request: Tarantool 2.11 and later put the old and the new
// tuple in a duplicate key error (ER_TUPLE_FOUND), SQL type errors quote
// the value, and a Lua function's error says what it likes. With false,
// the status description is error.type ("ER_TUPLE_FOUND") and the
// exception event has only exception.type.
func WithErrorMessages(on bool) Option {
	return func(c *config) { c.errMessages = on }
}
