package box

import (
	"context"

	"github.com/tntsql/tarantool/iproto"
)

// CallOpts are the optional parts of a call or an eval.
type CallOpts struct {
	// OnPush receives each value the function sends with
	// box.session.push, in order, before the Result is returned. It runs
	// on the goroutine reading the connection (the connection's reader or
	// the caller itself): it must not block. It may run once more after
	// the call returned because ctx ended.
	OnPush func(value any)
}

// Call calls a stored function (a Lua function or box.schema.func) with
// args; Decode its Result for the return values.
func (h *handle) Call(ctx context.Context, function string, args ...any) Result {
	return h.CallWith(ctx, nil, function, args...)
}

// CallWith is Call with options.
func (h *handle) CallWith(ctx context.Context, opts *CallOpts, function string, args ...any) Result {
	r := newCallResult(opts, args)
	r.call.Function = function
	r.call.Args = &r.args
	return h.run(ctx, r, nil, nil, buildCall)
}

func buildCall(r *result) iproto.Request { return &r.call }

// Call16 calls a function the way Tarantool 1.6 did: each return value
// comes back as a tuple (an array), so Decode gives tuples.
func (h *handle) Call16(ctx context.Context, function string, args ...any) Result {
	r := newCallResult(nil, args)
	r.tuples = true
	r.call16.Function = function
	r.call16.Args = &r.args
	return h.run(ctx, r, nil, nil, buildCall16)
}

func buildCall16(r *result) iproto.Request { return &r.call16 }

// Eval runs Lua code with args as "..." and returns what it returns.
func (h *handle) Eval(ctx context.Context, expr string, args ...any) Result {
	return h.EvalWith(ctx, nil, expr, args...)
}

// EvalWith is Eval with options.
func (h *handle) EvalWith(ctx context.Context, opts *CallOpts, expr string, args ...any) Result {
	r := newCallResult(opts, args)
	r.eval.Expr = expr
	r.eval.Args = &r.args
	return h.run(ctx, r, nil, nil, buildEval)
}

func buildEval(r *result) iproto.Request { return &r.eval }

func newCallResult(opts *CallOpts, args []any) *result {
	r := newResult()
	r.args = args
	if opts != nil {
		r.onPush = opts.OnPush
	}
	return r
}
