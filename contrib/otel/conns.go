package tntotel

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/tntsql/tarantool/iproto/engine"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// connState is what a Tracer keeps per connection, from the first time it
// sees the connection (a request of the session setup, or the end of its
// Dial) until the connection is done.
type connState struct {
	server
	// counted is the connection count's attributes.
	counted attribute.Set
	// sets caches the metric attributes of a request that succeeds, by
	// setKey: a connection sees few distinct ones. nsets bounds it.
	sets  sync.Map
	nsets atomic.Int32

	mu        sync.Mutex
	connected bool // counted in db.client.connection.count
	done      bool // the connection is done
}

// maxSets bounds a connection's cache of metric attribute sets.
const maxSets = 256

// setKey identifies the metric attributes of a request.
type setKey struct{ op, collection, procedure string }

// conn returns the state of c, creating it on first sight together with
// the goroutine that drops it (and counts the connection out) once c is
// done.
func (t *Tracer) conn(c *engine.Conn) *connState {
	if v, ok := t.conns.Load(c); ok {
		return v.(*connState)
	}
	srv := newServer(c.Config().Address)
	st := &connState{server: srv}
	st.counted = attribute.NewSet(append(srv.attrs[:len(srv.attrs):len(srv.attrs)],
		semconv.DBClientConnectionPoolName(srv.target),
		semconv.DBClientConnectionStateUsed)...)
	if v, loaded := t.conns.LoadOrStore(c, st); loaded {
		return v.(*connState)
	}
	go t.watch(c, st)
	return st
}

// watch waits for c to be done, then forgets it.
func (t *Tracer) watch(c *engine.Conn, st *connState) {
	<-c.Done()
	t.conns.CompareAndDelete(c, st)
	st.mu.Lock()
	st.done = true
	if st.connected {
		t.inst.conns.Add(context.Background(), -1, metric.WithAttributeSet(st.counted))
	}
	st.mu.Unlock()
}

// connected counts the connection in, unless it is done already.
func (t *Tracer) connected(ctx context.Context, st *connState) {
	st.mu.Lock()
	if !st.done && !st.connected {
		st.connected = true
		t.inst.conns.Add(ctx, 1, metric.WithAttributeSet(st.counted))
	}
	st.mu.Unlock()
}

// set returns the metric attributes of a request on the connection.
func (st *connState) set(k setKey) *attribute.Set {
	if v, ok := st.sets.Load(k); ok {
		return v.(*attribute.Set)
	}
	attrs := make([]attribute.KeyValue, 0, len(st.attrs)+3)
	attrs = append(attrs, st.attrs...)
	attrs = append(attrs, semconv.DBOperationName(k.op))
	if k.collection != "" {
		attrs = append(attrs, semconv.DBCollectionName(k.collection))
	}
	if k.procedure != "" {
		attrs = append(attrs, semconv.DBStoredProcedureName(k.procedure))
	}
	s := attribute.NewSet(attrs...)
	if st.nsets.Add(1) > maxSets {
		return &s
	}
	v, _ := st.sets.LoadOrStore(k, &s)
	return v.(*attribute.Set)
}
