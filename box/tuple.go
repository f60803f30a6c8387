package box

import (
	"fmt"

	"github.com/tntsql/tarantool/iproto"
)

// Tuple is a tuple as Go values, with its fields reachable by position
// and, when the space has a format, by name.
type Tuple struct {
	// Values are the fields, decoded as iproto.Decoder.Any decodes them.
	Values []any
	space  *Space
}

// Len returns the number of fields.
func (t Tuple) Len() int { return len(t.Values) }

// At returns field i (0-based), or nil beyond the end.
func (t Tuple) At(i int) any {
	if i < 0 || i >= len(t.Values) {
		return nil
	}
	return t.Values[i]
}

// Get returns the field with the given name in the space format. ok is
// false when the format has no such field; a named field beyond the
// tuple's end is nil with ok true.
func (t Tuple) Get(name string) (v any, ok bool) {
	if t.space == nil {
		return nil, false
	}
	i, ok := t.space.fieldNo[name]
	if !ok {
		return nil, false
	}
	return t.At(i), true
}

// Map returns the named fields of the tuple by name.
func (t Tuple) Map() map[string]any {
	m := make(map[string]any)
	if t.space != nil {
		for i, f := range t.space.Fields {
			if f.Name != "" && i < len(t.Values) {
				m[f.Name] = t.Values[i]
			}
		}
	}
	return m
}

// Space returns the space the tuple came from, when known (requests that
// named their space, or any request once the schema is loaded).
func (t Tuple) Space() *Space { return t.space }

// String formats the tuple as its values.
func (t Tuple) String() string { return fmt.Sprint(t.Values) }

// Tuples decodes the reply's DATA as tuples (the tuples of a Select or
// other DML, SQL rows, or each return value of a call) and consumes the
// Result.
func (res Result) Tuples() ([]Tuple, error) {
	r := res.claim()
	if r == nil {
		return nil, ErrConsumed
	}
	defer r.release()
	var out []Tuple
	r.tuples = true
	err := r.decode([]any{&out})
	return out, err
}

func decodeTuple(d *iproto.Decoder, t *Tuple, sp *Space) error {
	if k := d.Peek(); k != iproto.KindArray && k != iproto.KindInvalid {
		return typeError(d, tupleType)
	}
	v, err := d.Any()
	if err != nil {
		return err
	}
	t.Values, t.space = v.([]any), sp
	return nil
}
