package box

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/tntsql/tarantool/iproto"
)

// Format names the fields of tuples that do not come from a space of the
// connection's schema, such as the rows the crud module returns with their
// metadata. DecodeTuples with a Format fills struct fields by name, not by
// position, so the Go struct need not follow the tuple's field order; a
// Tuple decoded with it finds its fields by name (Tuple.Get, Tuple.Map).
//
// A Format is safe for concurrent use and is meant to be kept: it plans,
// once per Go type, which field of the tuple goes into which field of the
// struct.
type Format struct {
	sp Space
}

// namedColumns holds a Format's per-type plans.
type namedColumns struct {
	plans sync.Map // *structPlan -> []int: column -> index into plan.fields, -1 to skip
}

// NewFormat returns the Format of tuples with the given fields, in order.
// A name that repeats names the first field only.
func NewFormat(fields []Field) *Format {
	f := &Format{sp: Space{Fields: append([]Field(nil), fields...), fieldNo: make(map[string]int, len(fields))}}
	for i, fl := range fields {
		if _, dup := f.sp.fieldNo[fl.Name]; !dup && fl.Name != "" {
			f.sp.fieldNo[fl.Name] = i
		}
	}
	f.sp.named = &namedColumns{}
	return f
}

// Fields returns the fields of the format.
func (f *Format) Fields() []Field { return append([]Field(nil), f.sp.Fields...) }

// FieldNo returns the 0-based position of the field with the given name.
func (f *Format) FieldNo(name string) (int, bool) { return f.sp.FieldNo(name) }

// DecodeTuples decodes rows, the MessagePack array of tuples, into dst as
// Result.Decode decodes tuples (a pointer to a slice takes every tuple, a
// pointer to one value the first, ErrNotFound when there is none), except
// that a struct takes each tuple field into the struct field of the same
// name in f (the msgpack tag, or the Go name): tuple fields with no struct
// field are skipped, and struct fields with no tuple field are left zero.
// Tuples decode with f as their format. rows is only read during the call.
func DecodeTuples(rows []byte, f *Format, dst any) error {
	if f == nil {
		return fmt.Errorf("tarantool: DecodeTuples needs a Format")
	}
	d := iproto.NewDecoder(rows)
	n, err := d.ArrayLen()
	if err != nil {
		return err
	}
	return decodeTuples(d, n, dst, &f.sp)
}

// columnsOf returns, for plan p, the struct field each tuple field of the
// Format goes into (an index into p.fields, -1 for none), planned once.
func (nc *namedColumns) columnsOf(p *structPlan, sp *Space) []int {
	if c, ok := nc.plans.Load(p); ok {
		return c.([]int)
	}
	cols := make([]int, len(sp.Fields))
	for i, f := range sp.Fields {
		cols[i] = -1
		if j, ok := p.byName[f.Name]; ok {
			cols[i] = j
		}
	}
	nc.plans.Store(p, cols)
	return cols
}

// decodeNamed decodes a tuple, an array, into struct v by the names of
// sp's format. Values nested in the tuple are not tuples of the format:
// they decode without it.
func (p *structPlan) decodeNamed(d *iproto.Decoder, v reflect.Value, sp *Space, depth int) error {
	cols := sp.named.columnsOf(p, sp)
	n, err := d.ArrayLen()
	if err != nil {
		return err
	}
	v.SetZero()
	for i := 0; i < n; i++ {
		if i >= len(cols) || cols[i] < 0 {
			if err := d.Skip(); err != nil {
				return err
			}
			continue
		}
		f := &p.fields[cols[i]]
		if err := f.decodeIn(d, v, nil, depth); err != nil {
			if _, ok := err.(*TypeError); ok {
				return inField(err, i, f.GoName)
			}
			return fmt.Errorf("field %d (%s): %w", i, f.Name, err)
		}
	}
	return nil
}

// DecodeTuple decodes one tuple, a MessagePack array, into dst (a pointer
// to a struct, Tuple, []any or any value of a matching shape) as
// DecodeTuples decodes each tuple. tuple is only read during the call.
func DecodeTuple(tuple []byte, f *Format, dst any) error {
	if f == nil {
		return fmt.Errorf("tarantool: DecodeTuple needs a Format")
	}
	return decodeInto(iproto.NewDecoder(tuple), dst, &f.sp)
}
