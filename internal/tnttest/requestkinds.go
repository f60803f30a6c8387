package tnttest

import (
	"context"
	"sync"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// RequestKinds is an engine.Tracer that records what each request sent
// was: "text" (an EXECUTE of SQL text), "id" (an EXECUTE by statement id),
// "prepare", "unprepare", or the request type's name; for tests of what
// the statement caches send.
type RequestKinds struct {
	mu   sync.Mutex
	kind []string
}

// TraceRequestStart records the request's kind.
func (l *RequestKinds) TraceRequestStart(ctx context.Context, _ *engine.Conn, d engine.RequestStart) context.Context {
	k := d.Request.Type().String()
	switch r := d.Request.(type) {
	case *iproto.Execute:
		k = "text"
		if r.SQL == "" {
			k = "id"
		}
	case *iproto.Prepare:
		k = "prepare"
	case *iproto.Unprepare:
		k = "unprepare"
	}
	l.mu.Lock()
	l.kind = append(l.kind, k)
	l.mu.Unlock()
	return ctx
}

// TraceRequestEnd does nothing.
func (l *RequestKinds) TraceRequestEnd(context.Context, *engine.Conn, engine.RequestEnd) {}

// Take returns the kinds recorded since the last Take.
func (l *RequestKinds) Take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := l.kind
	l.kind = nil
	return k
}
