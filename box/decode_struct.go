package box

import (
	"fmt"
	"reflect"

	"github.com/tntsql/tarantool/internal/structfields"
	"github.com/tntsql/tarantool/iproto"
)

// structPlan decodes a struct type from an array (fields in order) or a
// map (fields by name), its fields taken by the rule the encoder uses
// (internal/structfields), each with its decoder planned.
type structPlan struct {
	t       reflect.Type
	fields  []fieldPlan    // in tuple order
	byName  map[string]int // map key -> index into fields
	keyHint string         // TypeError hint for a map key that is not a name
}

// fieldPlan is one field of a structPlan.
type fieldPlan struct {
	*structfields.Field
	decode decodeFunc
	// direct is the field's index in the struct itself, -1 when it is
	// promoted from an embedded struct.
	direct int
}

// structDecoder makes the decoder of struct type t; a type that breaks
// the struct rule is an error when a value decodes into it.
func structDecoder(t reflect.Type) kindDecodeFunc {
	fs := structfields.Of(t)
	if err := fs.Err(); err != nil {
		return func(*iproto.Decoder, iproto.Kind, reflect.Value, *Space, int) error {
			return fmt.Errorf("tarantool: cannot decode into %s: %w", t, err)
		}
	}
	p := &structPlan{
		t:       t,
		fields:  make([]fieldPlan, len(fs.List)),
		byName:  make(map[string]int, len(fs.List)),
		keyHint: "the keys of a map decoded into " + t.String() + " are field names",
	}
	for i := range fs.List {
		f := &fs.List[i]
		fp := fieldPlan{Field: f, decode: decodePlan(t.FieldByIndex(f.Index).Type), direct: -1}
		if len(f.Index) == 1 {
			fp.direct = f.Index[0]
		}
		p.fields[i] = fp
		p.byName[f.Name] = i
	}
	return p.decode
}

func (p *structPlan) decode(d *iproto.Decoder, k iproto.Kind, v reflect.Value, sp *Space, depth int) error {
	if k == iproto.KindMap {
		return p.decodeMap(d, v, sp, depth)
	}
	if sp != nil && sp.named != nil {
		return p.decodeNamed(d, v, sp, depth)
	}
	n, err := d.ArrayLen()
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if i >= len(p.fields) {
			if err := d.Skip(); err != nil {
				return err
			}
			continue
		}
		f := &p.fields[i]
		if err := f.decodeIn(d, v, sp, depth); err != nil {
			if _, ok := err.(*TypeError); ok {
				return inField(err, i, f.GoName)
			}
			return fmt.Errorf("field %d (%s): %w", i, f.GoName, err)
		}
	}
	for i := n; i < len(p.fields); i++ {
		if fv, ok := p.fields[i].Value(v); ok { // behind a nil pointer it is zero
			fv.SetZero()
		}
	}
	return nil
}

// decodeMap fills the fields named by the keys of a map; other keys are
// skipped.
func (p *structPlan) decodeMap(d *iproto.Decoder, v reflect.Value, sp *Space, depth int) error {
	n, err := d.MapLen()
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if k := d.Peek(); k != iproto.KindString && k != iproto.KindInvalid {
			te := typeError(d, stringType)
			te.hint = p.keyHint
			return te
		}
		name, err := d.StringBytes()
		if err != nil {
			return err
		}
		j, ok := p.byName[string(name)]
		if !ok {
			if err := d.Skip(); err != nil {
				return err
			}
			continue
		}
		f := &p.fields[j]
		if err := f.decodeIn(d, v, sp, depth); err != nil {
			if _, ok := err.(*TypeError); ok {
				return inField(err, -1, f.GoName)
			}
			return fmt.Errorf("field %s: %w", f.Name, err)
		}
	}
	return nil
}

// decodeIn decodes the next value into field f of struct v, which is at
// depth. A nil value for a field behind a nil embedded pointer leaves the
// pointer nil; any other value allocates it.
func (f *fieldPlan) decodeIn(d *iproto.Decoder, v reflect.Value, sp *Space, depth int) error {
	if f.direct >= 0 {
		return f.decode(d, v.Field(f.direct), sp, depth+1)
	}
	fv, ok := f.Value(v)
	if !ok {
		if d.Peek() == iproto.KindNil {
			d.TryNil()
			return nil
		}
		var err error
		if fv, err = f.Alloc(v); err != nil {
			return fmt.Errorf("tarantool: %w", err)
		}
	}
	return f.decode(d, fv, sp, depth+1)
}
