package box

import (
	"context"
	"errors"
	"fmt"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// handle runs requests for a Conn, or for a Stream (pinned to one
// connection, with a stream id). Its methods are the requests both have.
type handle struct {
	c      *Conn
	stream uint64
	ic     *engine.Conn // a stream's connection; nil: the Conn's current one
}

// builder fills r's scratch request for the resolved target r.t (r.ic is
// the connection it will go on). It may refuse by setting r.err and
// returning nil.
type builder func(r *result) iproto.Request

func (h *handle) conn(ctx context.Context) (*engine.Conn, error) {
	if h.ic != nil {
		if err := h.ic.Err(); err != nil {
			return nil, &engine.ConnError{Err: err}
		}
		return h.ic, nil
	}
	return h.c.conn(ctx)
}

// run sends the request build makes and returns its Result at once: the
// reply is waited for when the Result is first read, so a caller can put
// many requests in flight from one goroutine.
func (h *handle) run(ctx context.Context, r *result, space, index any, build builder) Result {
	r.ctx, r.h, r.spaceArg, r.indexArg, r.build = ctx, *h, space, index, build
	if r.err == nil {
		r.send()
	}
	return r.handle()
}

// send resolves the space and index when the request names them, and
// queues the request. A request that named a space or index carries the
// schema version the names were resolved at: if the server's schema has
// changed since, the server refuses it unexecuted, and wait sends it once
// more with the names resolved again.
func (r *result) send() {
	ctx := r.ctx
	if r.err = ctx.Err(); r.err != nil {
		return
	}
	ic, err := r.h.conn(ctx)
	if err != nil {
		r.err = err
		return
	}
	r.t = target{}
	if r.spaceArg != nil {
		if r.t, r.err = r.h.c.resolve(ctx, ic, r.spaceArg, r.indexArg); r.err != nil {
			r.err = notSent(r.err)
			return
		}
	}
	r.opts = engine.CallOptions{StreamID: r.h.stream, SchemaVersion: r.t.version}
	if name, ok := r.spaceArg.(string); ok {
		r.opts.SpaceName = name // for a Tracer
	}
	if r.onPush != nil {
		r.opts.OnPush = r.push
		r.nopool = true
	}
	r.ic = ic
	req := r.build(r)
	if req == nil {
		return // refused by build, with r.err set
	}
	r.fut, r.err = ic.SendContext(ctx, req, &r.opts)
}

// notSent turns a connection failure in a step before a request (loading
// the schema, preparing a statement), which says that step's request was
// sent, into the request's own: never sent, safe to retry.
func notSent(err error) error {
	var ce *engine.ConnError
	if errors.As(err, &ce) && ce.Sent {
		return &engine.ConnError{Err: fmt.Errorf("tarantool: before the request was sent: %w", ce.Err)}
	}
	return err
}

// sent reports whether a request is in flight, not waited for yet.
func (r *result) sent() bool { return r.fut != (engine.Future{}) }

// wait waits for the reply of the request in flight, if any.
func (r *result) wait() error {
	for r.sent() {
		f := r.fut
		r.fut = engine.Future{}
		resp, err := f.Wait(r.ctx)
		if err == nil {
			r.resp, r.space = resp, r.t.space
			return nil
		}
		r.err = err
		if !r.resent && r.t.version != 0 && errors.Is(err, iproto.ErWrongSchemaVersion) {
			r.resent = true
			r.send() // resolve reloads the schema: the reply told ic its version
		}
	}
	return r.err
}

// Ping checks that the server answers.
func (h *handle) Ping(ctx context.Context) error {
	return h.run(ctx, newResult(), nil, nil, buildPing).Err()
}

func buildPing(*result) iproto.Request { return iproto.Ping{} }

// Do sends any request and returns its Result: for requests box has no
// method for, or to set every field of one.
func (h *handle) Do(ctx context.Context, req iproto.Request) Result {
	r := newResult()
	r.tuples = isDML(req.Type())
	r.req = req
	return h.run(ctx, r, nil, nil, buildAny)
}

func buildAny(r *result) iproto.Request { return r.req }

func isDML(t iproto.RequestType) bool {
	switch t {
	case iproto.TypeSelect, iproto.TypeInsert, iproto.TypeReplace, iproto.TypeUpdate,
		iproto.TypeUpsert, iproto.TypeDelete, iproto.TypeExecute:
		return true
	}
	return false
}
