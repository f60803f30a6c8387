package engine

import (
	"context"
	"reflect"
	"time"

	"github.com/tntsql/tarantool/iproto"
)

// Tracer receives the start and the end of every request on a connection
// whose Config.Tracer it is: the SQL driver's and box's requests alike,
// since both go through the engine. Without a Tracer the engine does no
// tracing work at all.
//
// Both methods run on the caller's goroutine (the one that sends, the one
// that waits or releases): they must be safe for concurrent use and
// should be quick. A Tracer that also implements ConnectTracer sees every
// Dial; one that implements ReconnectTracer sees box's reconnections.
type Tracer interface {
	// TraceRequestStart is called once a request is encoded, before it
	// is queued for writing. The context it returns is the one given to
	// TraceRequestEnd (a span's, say); return ctx to keep none.
	TraceRequestStart(ctx context.Context, conn *Conn, data RequestStart) context.Context
	// TraceRequestEnd is called once the request ends: its reply or
	// error returned by Wait, its Future released without a Wait, or
	// its sending refused.
	TraceRequestEnd(ctx context.Context, conn *Conn, data RequestEnd)
}

// RequestStart describes a request as it starts.
type RequestStart struct {
	Request  iproto.Request // the request; Summarize describes it
	Sync     uint64
	StreamID uint64 // 0 outside a stream
	Bytes    int    // the size of the request's packet
	// Space is the name the caller gave the request's space, when it
	// gave one (box); CallOptions.SpaceName carries it.
	Space string
}

// RequestEnd describes how a request ended.
type RequestEnd struct {
	Request  iproto.Request // RequestStart's, so that an end can say what ended
	Sync     uint64
	Duration time.Duration // from RequestStart to the end
	Bytes    int           // the size of the reply's body; 0 without a reply
	// Err is why the request failed: a server error (*iproto.Error), the
	// context's, a *TimeoutError, a *ConnError; nil on success.
	Err error
	// Released is true when the caller released the Future without
	// waiting: the request was given up, its outcome unknown to it.
	Released bool
}

// ConnectTracer is a Tracer that also sees each Dial.
type ConnectTracer interface {
	// TraceConnectStart is called as Dial begins (for each host it
	// tries). The dial runs in the context it returns, which must be ctx
	// or derived from it, and which is given to TraceConnectEnd: the
	// session setup's requests are traced in it.
	TraceConnectStart(ctx context.Context, data ConnectStart) context.Context
	// TraceConnectEnd is called as Dial returns.
	TraceConnectEnd(ctx context.Context, data ConnectEnd)
}

// ConnectStart describes a Dial as it begins.
type ConnectStart struct {
	Network, Address string
	User             string // empty for guest; never the password
}

// ConnectEnd describes how a Dial ended.
type ConnectEnd struct {
	Conn     *Conn // the connection; nil when Dial failed
	Duration time.Duration
	// Step is the step that failed ("connect", "greeting", "negotiation",
	// "authentication", "session setup"), empty on success.
	Step string
	Err  error // a *DialError, or nil
}

// ReconnectTracer is a Tracer that also sees reconnections (box's, after
// a connection breaks and Config.ReconnectDelay is set).
type ReconnectTracer interface {
	// TraceReconnect is called after each attempt to reconnect.
	TraceReconnect(ctx context.Context, data Reconnect)
}

// Reconnect describes one attempt to reconnect.
type Reconnect struct {
	Network string
	Address string
	Attempt int   // 1 for the first attempt after a break
	Cause   error // why the previous connection broke
	// Err is the attempt's failure, nil when it connected (Conn is then
	// the new connection).
	Err      error
	Conn     *Conn
	Duration time.Duration // of this attempt's Dial
}

// RequestSummary is what a tracer or a log says about a request.
type RequestSummary struct {
	// Operation is the request type as Tarantool's documentation names
	// it: "SELECT", "INSERT", "CALL", "EVAL", "EXECUTE", "PREPARE" ...
	Operation string
	// Text is the SQL text (EXECUTE and PREPARE by text), the function
	// name (CALL) or the Lua expression (EVAL); empty otherwise.
	Text string
	// SpaceID is the space of a DML request (SELECT, INSERT, REPLACE,
	// UPDATE, UPSERT, DELETE); 0 otherwise.
	SpaceID uint32
	// Args is how many arguments the request carries: SQL bind values,
	// CALL and EVAL arguments; -1 for request types without arguments.
	Args int
	// ArgValues are those arguments as the request holds them (not
	// copied): whether a trace or a log shows them is its own choice.
	ArgValues any
}

// Summarize describes req for tracing and logging.
func Summarize(req iproto.Request) RequestSummary {
	// Every request type implements Request on its value: look through
	// a pointer to it.
	if v := reflect.ValueOf(req); v.Kind() == reflect.Pointer && !v.IsNil() {
		if r, ok := v.Elem().Interface().(iproto.Request); ok {
			req = r
		}
	}
	s := RequestSummary{Operation: req.Type().String(), Args: -1}
	switch r := req.(type) {
	case iproto.Execute:
		s.Text, s.Args, s.ArgValues = r.SQL, len(r.Args), r.Args
	case iproto.Prepare:
		s.Text = r.SQL
	case iproto.Call:
		s.Text, s.Args, s.ArgValues = r.Function, argCount(r.Args), r.Args
	case iproto.Call16:
		s.Text, s.Args, s.ArgValues = r.Function, argCount(r.Args), r.Args
	case iproto.Eval:
		s.Text, s.Args, s.ArgValues = r.Expr, argCount(r.Args), r.Args
	case iproto.Select:
		s.SpaceID = r.SpaceID
	case iproto.Insert:
		s.SpaceID = r.SpaceID
	case iproto.Replace:
		s.SpaceID = r.SpaceID
	case iproto.Update:
		s.SpaceID = r.SpaceID
	case iproto.Upsert:
		s.SpaceID = r.SpaceID
	case iproto.Delete:
		s.SpaceID = r.SpaceID
	}
	return s
}

// argCount is how many arguments a CALL or EVAL carries: the length of a
// slice or array, none for nil, one for anything else.
func argCount(args any) int {
	if args == nil {
		return 0
	}
	if v := reflect.ValueOf(args); v.Kind() == reflect.Slice || v.Kind() == reflect.Array {
		return v.Len()
	}
	return 1
}

// traceStart runs the Tracer's start for a request Send has encoded into
// f.buf, and notes in f what its end needs. The caller checked that the
// connection has a Tracer.
func (c *Conn) traceStart(ctx context.Context, f *future, req iproto.Request, h iproto.Header, opts *CallOptions) {
	d := RequestStart{Request: req, Sync: h.Sync, StreamID: h.StreamID, Bytes: len(f.buf)}
	if opts != nil {
		d.Space = opts.SpaceName
	}
	f.traceCtx = c.cfg.Tracer.TraceRequestStart(ctx, c, d)
	if f.traceCtx == nil {
		f.traceCtx = context.Background() // non-nil marks a traced request
	}
	f.traceReq = req
	f.traceStart = time.Now()
}

// traceEnd runs the Tracer's end for the request whose state is f, before
// f can go back to the pool.
func (f *future) traceEnd(replyBytes int, err error, released bool) {
	c := f.conn
	ctx, req := f.traceCtx, f.traceReq
	f.traceCtx, f.traceReq = nil, nil
	c.cfg.Tracer.TraceRequestEnd(ctx, c, RequestEnd{
		Request:  req,
		Sync:     f.sync,
		Duration: time.Since(f.traceStart),
		Bytes:    replyBytes,
		Err:      err,
		Released: released,
	})
}
