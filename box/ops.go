package box

import (
	"fmt"
	"reflect"

	"github.com/tntsql/tarantool/iproto"
)

// Ops is a list of update operations for Update and Upsert, built with
// chained calls:
//
//	ops := box.NewOps().Assign("name", "Ann").Add("visits", 1)
//
// A field is a 0-based number (negative numbers count from the end: -1 is
// the last field), or a name from the space format or a JSON path
// ("attrs.color"), which the server resolves (2.3+).
type Ops struct {
	list []op
	err  error
}

type op struct {
	code  string
	field any
	args  [3]any
	nargs int
}

// NewOps returns an empty list of operations.
func NewOps() *Ops { return &Ops{} }

func (o *Ops) add(code string, field any, args ...any) *Ops {
	if o.err == nil {
		if err := checkField(field); err != nil {
			o.err = fmt.Errorf("tarantool: update operation %q: %w", code, err)
		}
	}
	p := op{code: code, field: field, nargs: len(args)}
	copy(p.args[:], args)
	o.list = append(o.list, p)
	return o
}

func checkField(field any) error {
	switch field.(type) {
	case string, int, int64, int32, uint32, uint64, uint:
		return nil
	}
	rv := reflect.ValueOf(field)
	if rv.CanInt() || rv.CanUint() {
		return nil
	}
	return fmt.Errorf("a field is a number or a name, not %T", field)
}

// Assign sets field to value (=).
func (o *Ops) Assign(field, value any) *Ops { return o.add("=", field, value) }

// Add adds n to a numeric field (+).
func (o *Ops) Add(field, n any) *Ops { return o.add("+", field, n) }

// Sub subtracts n from a numeric field (-).
func (o *Ops) Sub(field, n any) *Ops { return o.add("-", field, n) }

// BitAnd does field &= mask on an unsigned field (&).
func (o *Ops) BitAnd(field any, mask uint64) *Ops { return o.add("&", field, mask) }

// BitOr does field |= mask on an unsigned field (|).
func (o *Ops) BitOr(field any, mask uint64) *Ops { return o.add("|", field, mask) }

// BitXor does field ^= mask on an unsigned field (^).
func (o *Ops) BitXor(field any, mask uint64) *Ops { return o.add("^", field, mask) }

// Insert inserts value before field, or appends it when field is one past
// the end (!).
func (o *Ops) Insert(field, value any) *Ops { return o.add("!", field, value) }

// Delete deletes count fields starting at field (#).
func (o *Ops) Delete(field any, count uint32) *Ops { return o.add("#", field, count) }

// Splice replaces cut bytes of a string field starting at offset (0-based;
// negative counts from the end) with paste (:).
func (o *Ops) Splice(field any, offset, cut int, paste string) *Ops {
	return o.add(":", field, offset, cut, paste)
}

// Len returns the number of operations.
func (o *Ops) Len() int { return len(o.list) }

// AppendMsgpack appends the operations as the server reads them:
// [[code, field, args...], ...].
func (o *Ops) AppendMsgpack(dst []byte) ([]byte, error) { return o.appendOps(dst, 0) }

// AppendLua appends the operations as Lua's space:update takes them, for
// functions that pass them on to it (the crud module's update and upsert):
// as AppendMsgpack, but with a field number n ≥ 0 written as n+1, Lua's
// numbering. Names and negative numbers are written as they are.
func (o *Ops) AppendLua(dst []byte) ([]byte, error) { return o.appendOps(dst, 1) }

func (o *Ops) appendOps(dst []byte, base int64) ([]byte, error) {
	if o == nil {
		return iproto.AppendArrayHeader(dst, 0), nil
	}
	if o.err != nil {
		return dst, o.err
	}
	dst = iproto.AppendArrayHeader(dst, len(o.list))
	var err error
	for _, p := range o.list {
		dst = iproto.AppendString(iproto.AppendArrayHeader(dst, 2+p.nargs), p.code)
		if dst, err = appendField(dst, p.field, base); err != nil {
			return dst, err
		}
		for _, a := range p.args[:p.nargs] {
			if dst, err = iproto.AppendValue(dst, a); err != nil {
				return dst, err
			}
		}
	}
	return dst, nil
}

// appendField appends an operation's field: a name as it is, a number
// n ≥ 0 as n+base.
func appendField(dst []byte, field any, base int64) ([]byte, error) {
	if _, ok := field.(string); ok || base == 0 {
		return iproto.AppendValue(dst, field)
	}
	rv := reflect.ValueOf(field)
	switch {
	case rv.CanInt():
		if n := rv.Int(); n >= 0 {
			return iproto.AppendInt(dst, n+base), nil
		}
		return iproto.AppendInt(dst, rv.Int()), nil
	case rv.CanUint():
		return iproto.AppendUint(dst, rv.Uint()+uint64(base)), nil
	}
	return iproto.AppendValue(dst, field)
}
