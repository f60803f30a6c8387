package tntotel

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
)

// The names of the metrics a Tracer records.
const (
	// MetricOperationDuration is the histogram of request durations, in
	// seconds (semantic conventions).
	MetricOperationDuration = "db.client.operation.duration"
	// MetricActiveRequests is the up-down counter of requests in flight
	// (this package's: the conventions define none).
	MetricActiveRequests = "tarantool.client.active_requests"
	// MetricConnectionCount is the up-down counter of open connections
	// (semantic conventions).
	MetricConnectionCount = "db.client.connection.count"
)

// durationBuckets are the bucket boundaries the semantic conventions give
// db.client.operation.duration.
var durationBuckets = []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10}

// instruments are a Tracer's metrics.
type instruments struct {
	duration metric.Float64Histogram
	active   metric.Int64UpDownCounter
	conns    metric.Int64UpDownCounter
}

// newInstruments creates the instruments on m. One that cannot be
// created is reported to otel.Handle and replaced by a no-op.
func newInstruments(m metric.Meter) instruments {
	var in instruments
	var err error
	in.duration, err = m.Float64Histogram(MetricOperationDuration,
		metric.WithDescription("Duration of database client operations."),
		metric.WithUnit("s"),
		metric.WithExplicitBucketBoundaries(durationBuckets...))
	if err != nil {
		otel.Handle(err)
		in.duration = noop.Float64Histogram{}
	}
	in.active, err = m.Int64UpDownCounter(MetricActiveRequests,
		metric.WithDescription("Number of requests sent to Tarantool and not yet ended."),
		metric.WithUnit("{request}"))
	if err != nil {
		otel.Handle(err)
		in.active = noop.Int64UpDownCounter{}
	}
	in.conns, err = m.Int64UpDownCounter(MetricConnectionCount,
		metric.WithDescription("The number of connections that are currently in state described by the `state` attribute."),
		metric.WithUnit("{connection}"))
	if err != nil {
		otel.Handle(err)
		in.conns = noop.Int64UpDownCounter{}
	}
	return in
}
