package iproto

import "fmt"

// Call is a CALL request (1.7.2+ semantics: return values come back as is).
// Args must encode as an array; nil sends no arguments.
type Call struct {
	Function string
	Args     any
}

// Type returns TypeCall.
func (Call) Type() RequestType { return TypeCall }

// AppendBody appends {FUNCTION_NAME, TUPLE: args}.
func (r Call) AppendBody(dst []byte) ([]byte, error) {
	return appendNameArgs(dst, KeyFunctionName, r.Function, r.Args)
}

// Call16 is a CALL_16 request: every return value is wrapped as a tuple.
type Call16 struct {
	Function string
	Args     any
}

// Type returns TypeCall16.
func (Call16) Type() RequestType { return TypeCall16 }

// AppendBody appends {FUNCTION_NAME, TUPLE: args}.
func (r Call16) AppendBody(dst []byte) ([]byte, error) {
	return appendNameArgs(dst, KeyFunctionName, r.Function, r.Args)
}

// Eval is an EVAL request: Lua code run with Args as "...".
type Eval struct {
	Expr string
	Args any
}

// Type returns TypeEval.
func (Eval) Type() RequestType { return TypeEval }

// AppendBody appends {EXPR, TUPLE: args}.
func (r Eval) AppendBody(dst []byte) ([]byte, error) {
	return appendNameArgs(dst, KeyExpr, r.Expr, r.Args)
}

func appendNameArgs(dst []byte, k Key, name string, args any) ([]byte, error) {
	dst = append(dst, 0x82)
	dst = AppendString(AppendKey(dst, k), name)
	return appendArrayValue(AppendKey(dst, KeyTuple), args)
}

func errNotArray(v any) error {
	return fmt.Errorf("tarantool: %T does not encode as a MessagePack array (tuples, keys and arguments must)", v)
}
