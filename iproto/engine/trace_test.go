package engine_test

import (
	"context"
	"errors"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// traceKey marks contexts: what the caller passed, what a start returned.
type traceKey struct{}

// event is one hook call as recTracer saw it.
type event struct {
	kind    string // "start", "end", "connect-start", "connect-end"
	ctxMark any    // the context's traceKey value
	start   engine.RequestStart
	end     engine.RequestEnd
	cstart  engine.ConnectStart
	cend    engine.ConnectEnd
	at      time.Time
}

// recTracer records every hook call in order. Each start returns a
// context marked "from-start" so that the test sees it reach the end.
type recTracer struct {
	mu     sync.Mutex
	events []event
}

func (r *recTracer) add(e event) {
	e.at = time.Now()
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

func (r *recTracer) TraceRequestStart(ctx context.Context, _ *engine.Conn, d engine.RequestStart) context.Context {
	r.add(event{kind: "start", ctxMark: ctx.Value(traceKey{}), start: d})
	return context.WithValue(ctx, traceKey{}, "from-start")
}

func (r *recTracer) TraceRequestEnd(ctx context.Context, _ *engine.Conn, d engine.RequestEnd) {
	r.add(event{kind: "end", ctxMark: ctx.Value(traceKey{}), end: d})
}

func (r *recTracer) TraceConnectStart(ctx context.Context, d engine.ConnectStart) context.Context {
	r.add(event{kind: "connect-start", ctxMark: ctx.Value(traceKey{}), cstart: d})
	return context.WithValue(ctx, traceKey{}, "from-connect-start")
}

func (r *recTracer) TraceConnectEnd(ctx context.Context, d engine.ConnectEnd) {
	r.add(event{kind: "connect-end", ctxMark: ctx.Value(traceKey{}), cend: d})
}

// take returns the events recorded since the last take.
func (r *recTracer) take() []event {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.events
	r.events = nil
	return e
}

// dialTraced dials the shared server with tr as the Tracer.
func dialTraced(t *testing.T, tr engine.Tracer, ctx context.Context) *engine.Conn {
	t.Helper()
	cfg := tnttest.Require(t).Config()
	cfg.Tracer = tr
	c, err := engine.Dial(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// oneRequest checks that events are one request's start and end, in that
// order, with the contexts passed through, and returns them.
func oneRequest(t *testing.T, events []event, what string) (engine.RequestStart, engine.RequestEnd) {
	t.Helper()
	if len(events) != 2 || events[0].kind != "start" || events[1].kind != "end" {
		t.Fatalf("%s: got events %+v, want a start and an end", what, events)
	}
	s, e := events[0], events[1]
	if s.ctxMark != "caller" || e.ctxMark != "from-start" {
		t.Errorf("%s: the start saw context %v (want the caller's), the end %v (want the start's)", what, s.ctxMark, e.ctxMark)
	}
	if e.end.Request != s.start.Request {
		t.Errorf("%s: the end got request %v, the start %v", what, e.end.Request, s.start.Request)
	}
	if s.start.Sync == 0 || e.end.Sync != s.start.Sync {
		t.Errorf("%s: start sync %d, end sync %d", what, s.start.Sync, e.end.Sync)
	}
	if e.end.Duration <= 0 || e.end.Duration > e.at.Sub(s.at)+time.Millisecond {
		t.Errorf("%s: duration %v, while %v passed between the hooks", what, e.end.Duration, e.at.Sub(s.at))
	}
	return s.start, e.end
}

func TestTracerConnect(t *testing.T) {
	tr := &recTracer{}
	ctx := context.WithValue(context.Background(), traceKey{}, "caller")
	c := dialTraced(t, tr, ctx)
	events := tr.take()
	if len(events) < 2 || events[0].kind != "connect-start" || events[len(events)-1].kind != "connect-end" {
		t.Fatalf("got events %+v, want connect-start ... connect-end", events)
	}
	cs, ce := events[0], events[len(events)-1]
	want := tnttest.Require(t).Config()
	if cs.cstart.Address != want.Address || cs.cstart.Network != want.Network || cs.cstart.User != want.User || cs.ctxMark != "caller" {
		t.Errorf("connect start: got %+v (context %v)", cs.cstart, cs.ctxMark)
	}
	if ce.cend.Conn != c || ce.cend.Err != nil || ce.cend.Step != "" || ce.ctxMark != "from-connect-start" {
		t.Errorf("connect end: got %+v (context %v), want the connection and no error", ce.cend, ce.ctxMark)
	}
	if ce.cend.Duration <= 0 || ce.cend.Duration > ce.at.Sub(cs.at)+time.Millisecond {
		t.Errorf("connect duration %v, while %v passed", ce.cend.Duration, ce.at.Sub(cs.at))
	}
	// Between them: the session settings, each a request of its own.
	for _, e := range events[1 : len(events)-1] {
		if e.kind != "start" && e.kind != "end" {
			t.Errorf("during the connect: event %q", e.kind)
		}
	}
}

func TestTracerConnectRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	tr := &recTracer{}
	cfg := engine.NewConfig()
	cfg.Address, cfg.Tracer = addr, tr
	_, err = engine.Dial(context.Background(), cfg)
	var de *engine.DialError
	if !errors.As(err, &de) {
		t.Fatalf("dial of a closed port: got %v", err)
	}
	events := tr.take()
	if len(events) != 2 || events[1].kind != "connect-end" {
		t.Fatalf("got events %+v, want connect-start, connect-end", events)
	}
	if e := events[1].cend; e.Conn != nil || e.Step != "connect" || !errors.Is(e.Err, err) {
		t.Errorf("connect end: got %+v, want step connect and Dial's error", e)
	}
}

func TestTracerRequests(t *testing.T) {
	tr := &recTracer{}
	c := dialTraced(t, tr, context.Background())
	tr.take()
	ctx := context.WithValue(context.Background(), traceKey{}, "caller")

	eval := &iproto.Eval{Expr: "return ...", Args: []any{1, "two"}}
	resp, err := c.Do(ctx, eval)
	if err != nil {
		t.Fatal(err)
	}
	bodySize := len(resp.Body())
	resp.Release()
	s, e := oneRequest(t, tr.take(), "eval")
	if s.Request != eval || s.Bytes <= 0 || s.StreamID != 0 {
		t.Errorf("eval start: got %+v", s)
	}
	if sum := engine.Summarize(s.Request); sum.Operation != "EVAL" || sum.Text != "return ..." || sum.Args != 2 {
		t.Errorf("eval summary: got %+v", sum)
	}
	if e.Err != nil || e.Released || e.Bytes != bodySize {
		t.Errorf("eval end: got %+v, want no error and %d reply bytes", e, bodySize)
	}

	// A server error is attached to the end.
	_, err = c.Do(ctx, &iproto.Eval{Expr: "error('boom')"})
	_, e = oneRequest(t, tr.take(), "failing eval")
	var ie *iproto.Error
	if !errors.As(err, &ie) || !errors.As(e.Err, &ie) || e.Err.Error() != err.Error() {
		t.Errorf("failing eval: Do returned %v, the end got %v; want the same server error", err, e.Err)
	}

	// A request in a stream, released without a Wait.
	f, err := c.SendContext(ctx, iproto.Ping{}, &engine.CallOptions{StreamID: 7, SpaceName: "kv"})
	if err != nil {
		t.Fatal(err)
	}
	f.Release()
	s, e = oneRequest(t, tr.take(), "released ping")
	if s.StreamID != 7 || s.Space != "kv" || !e.Released || e.Err != nil {
		t.Errorf("released ping: start %+v, end %+v", s, e)
	}

	// A context that ends first.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = c.Do(short, &iproto.Eval{Expr: "require('fiber').sleep(1)"})
	_, e = oneRequest(t, tr.take(), "timed out eval")
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(e.Err, context.DeadlineExceeded) {
		t.Errorf("timed out eval: Do returned %v, the end got %v", err, e.Err)
	}
}

// TestTracerClosedConn: a request refused because the connection is
// closed still ends, with the error Send returned.
func TestTracerClosedConn(t *testing.T) {
	tr := &recTracer{}
	c := dialTraced(t, tr, context.Background())
	c.Close()
	tr.take()
	ctx := context.WithValue(context.Background(), traceKey{}, "caller")
	_, err := c.SendContext(ctx, iproto.Ping{}, nil)
	var ce *engine.ConnError
	if !errors.As(err, &ce) {
		t.Fatalf("Send on a closed connection: got %v", err)
	}
	_, e := oneRequest(t, tr.take(), "ping on a closed connection")
	if e.Err != err {
		t.Errorf("the end got %v, want Send's %v", e.Err, err)
	}
}

func TestStats(t *testing.T) {
	c := dial(t)
	before := c.Stats()
	const n = 10
	for i := 0; i < n; i++ {
		do(t, c, iproto.Ping{})
	}
	if _, err := doErr(c, &iproto.Eval{Expr: "error('boom')"}); err == nil {
		t.Fatal("the failing eval did not fail")
	}
	f, err := c.Send(&iproto.Eval{Expr: "require('fiber').sleep(10)"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	during := c.Stats()
	f.Release()
	after := c.Stats()
	if got := during.Sent - before.Sent; got != n+2 {
		t.Errorf("Sent went up by %d, want %d", got, n+2)
	}
	if got := after.Failed - before.Failed; got != 1 {
		t.Errorf("Failed went up by %d, want 1", got)
	}
	if during.InFlight != 1 || after.InFlight != 0 {
		t.Errorf("InFlight %d with a request in flight, %d after its release; want 1 and 0", during.InFlight, after.InFlight)
	}
	if after.BytesWritten <= before.BytesWritten || after.BytesRead <= before.BytesRead || after.Writes <= before.Writes {
		t.Errorf("byte and write counters did not grow: before %+v, after %+v", before, after)
	}
	if got := after.Add(before); got.Sent != after.Sent+before.Sent || got.BytesRead != after.BytesRead+before.BytesRead {
		t.Errorf("Add: got %+v", got)
	}
}
