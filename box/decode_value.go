package box

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"sync"

	"github.com/tntsql/tarantool/internal/structfields"
	"github.com/tntsql/tarantool/iproto"
	"github.com/vmihailenco/msgpack/v5"
)

// maxDepth bounds the nesting decodeValue follows.
const maxDepth = 64

// maxPrealloc bounds the slice elements or map entries allocated ahead of
// reading them, so that nested containers each declaring the rest of the
// reply cannot make a small reply claim gigabytes; longer ones grow. A
// map entry costs several times a slice element: maps get a smaller start.
const (
	maxPrealloc      = 1024
	maxPreallocPairs = 64
)

var (
	bytesType  = reflect.TypeFor[[]byte]()
	stringType = reflect.TypeFor[string]()
	tupleType  = reflect.TypeFor[Tuple]()
	customDec  = reflect.TypeFor[msgpack.CustomDecoder]()
	unmarshal  = reflect.TypeFor[msgpack.Unmarshaler]()
)

// decodeSlice decodes n array elements into the slice v, reusing its
// backing array when it is large enough; depth is the nesting of v.
// tuples says the elements are the tuples of a reply, not fields.
func decodeSlice(d *iproto.Decoder, n int, v reflect.Value, sp *Space, depth int, tuples bool) error {
	if n > d.Len() { // every element takes at least one byte
		return fmt.Errorf("tarantool: array of %d elements in %d bytes", n, d.Len())
	}
	if v.Cap() >= n {
		v.SetLen(n)
	} else {
		// Room for at most maxPrealloc elements ahead of reading them:
		// nested arrays may each declare the whole remainder of the reply.
		m := min(n, maxPrealloc)
		v.Set(reflect.MakeSlice(v.Type(), m, m))
	}
	for i := 0; i < n; i++ {
		if i == v.Len() {
			v.Grow(min(i, n-i))
			v.SetLen(min(v.Cap(), n))
		}
		if err := decodeValue(d, v.Index(i), sp, depth+1); err != nil {
			if _, ok := err.(*TypeError); !ok {
				return fmt.Errorf("element %d: %w", i, err)
			}
			if tuples {
				return inPlace(err, func() string { return "tuple " + strconv.Itoa(i) })
			}
			return inField(err, i, "")
		}
	}
	return nil
}

// isScalar reports whether k is a boolean, number or string kind.
func isScalar(k reflect.Kind) bool {
	return k >= reflect.Bool && k <= reflect.Float64 || k == reflect.String
}

// decodeValue decodes the next MessagePack value into v (settable).
func decodeValue(d *iproto.Decoder, v reflect.Value, sp *Space, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("tarantool: values nested deeper than %d levels", maxDepth)
	}
	t := v.Type()
	if t == tupleType {
		return decodeTuple(d, v.Addr().Interface().(*Tuple), sp)
	}
	if d.Peek() == iproto.KindNil {
		d.TryNil()
		v.SetZero()
		return nil
	}
	k := t.Kind()
	if t.PkgPath() != "" && selfDecoding(t) {
		raw, err := d.Raw()
		if err != nil {
			return err
		}
		return msgpack.Unmarshal(raw, v.Addr().Interface())
	}
	if d.Peek() == iproto.KindExt && k != reflect.Interface && k != reflect.Pointer {
		return decodeExt(d, v)
	}
	if !fits(d.Peek(), t, k) {
		return typeError(d, t)
	}
	switch k {
	case reflect.Bool:
		b, err := d.Bool()
		v.SetBool(b)
		return err
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return decodeInt(d, v)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return decodeUint(d, v)
	case reflect.Float32, reflect.Float64:
		return decodeFloat(d, v)
	case reflect.String:
		var b []byte
		var err error
		if d.Peek() == iproto.KindBinary {
			b, err = d.Binary()
		} else {
			b, err = d.StringBytes()
		}
		if err != nil {
			return err
		}
		if v.Len() != len(b) || v.String() != string(b) {
			v.SetString(string(b))
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return decodeBytes(d, v)
		}
		n, err := d.ArrayLen()
		if err != nil {
			return err
		}
		return decodeSlice(d, n, v, sp, depth, false)
	case reflect.Array:
		return decodeArray(d, v, sp, depth)
	case reflect.Map:
		return decodeMap(d, v, sp, depth)
	case reflect.Struct:
		return decodeStruct(d, v, sp, depth)
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		return decodeValue(d, v.Elem(), sp, depth+1)
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return fmt.Errorf("tarantool: cannot decode into %s", t)
		}
		x, err := d.Any()
		if err != nil {
			return err
		}
		if x == nil {
			v.SetZero()
		} else {
			v.Set(reflect.ValueOf(x))
		}
	default:
		return fmt.Errorf("tarantool: cannot decode into %s", t)
	}
	return nil
}

// decodeInt decodes an integer into a signed integer variable; one out of
// its range, negative or positive, is an error that names the value.
func decodeInt(d *iproto.Decoder, v reflect.Value) error {
	if d.Peek() == iproto.KindUint {
		n, err := d.Uint()
		if err != nil {
			return err
		}
		if n > math.MaxInt64 || v.OverflowInt(int64(n)) {
			return fmt.Errorf("tarantool: %d overflows %s", n, v.Type())
		}
		v.SetInt(int64(n))
		return nil
	}
	n, err := d.Int()
	if err != nil {
		return err
	}
	if v.OverflowInt(n) {
		return fmt.Errorf("tarantool: %d overflows %s", n, v.Type())
	}
	v.SetInt(n)
	return nil
}

// decodeUint decodes an integer into an unsigned integer variable.
func decodeUint(d *iproto.Decoder, v reflect.Value) error {
	if d.Peek() == iproto.KindInt { // a signed encoding: negative, or not
		n, err := d.Int()
		if err != nil {
			return err
		}
		if n < 0 || v.OverflowUint(uint64(n)) {
			return fmt.Errorf("tarantool: %d overflows %s", n, v.Type())
		}
		v.SetUint(uint64(n))
		return nil
	}
	n, err := d.Uint()
	if err != nil {
		return err
	}
	if v.OverflowUint(n) {
		return fmt.Errorf("tarantool: %d overflows %s", n, v.Type())
	}
	v.SetUint(n)
	return nil
}

func decodeFloat(d *iproto.Decoder, v reflect.Value) error {
	var f float64
	var err error
	switch d.Peek() {
	case iproto.KindInt:
		var n int64
		n, err = d.Int()
		f = float64(n)
	case iproto.KindUint:
		var n uint64
		n, err = d.Uint()
		f = float64(n)
	default:
		f, err = d.Float()
	}
	if err != nil {
		return err
	}
	v.SetFloat(f)
	return nil
}

func decodeBytes(d *iproto.Decoder, v reflect.Value) error {
	var b []byte
	var err error
	if d.Peek() == iproto.KindString {
		b, err = d.StringBytes()
	} else {
		b, err = d.Binary()
	}
	if err != nil {
		return err
	}
	buf := v.Bytes()[:0]
	v.SetBytes(append(buf, b...))
	return nil
}

func decodeArray(d *iproto.Decoder, v reflect.Value, sp *Space, depth int) error {
	if v.Type().Elem().Kind() == reflect.Uint8 && d.Peek() == iproto.KindBinary {
		b, err := d.Binary()
		if err != nil {
			return err
		}
		if len(b) != v.Len() {
			return fmt.Errorf("tarantool: %d bytes for %s", len(b), v.Type())
		}
		reflect.Copy(v, reflect.ValueOf(b))
		return nil
	}
	n, err := d.ArrayLen()
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if i >= v.Len() {
			if err := d.Skip(); err != nil {
				return err
			}
			continue
		}
		if err := decodeValue(d, v.Index(i), sp, depth+1); err != nil {
			return inField(err, i, "")
		}
	}
	for i := n; i < v.Len(); i++ {
		v.Index(i).SetZero()
	}
	return nil
}

func decodeMap(d *iproto.Decoder, v reflect.Value, sp *Space, depth int) error {
	n, err := d.MapLen()
	if err != nil {
		return err
	}
	t := v.Type()
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(t, min(n, maxPreallocPairs)))
	}
	key, elem := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
	for i := 0; i < n; i++ {
		key.SetZero()
		elem.SetZero()
		if err := decodeValue(d, key, sp, depth+1); err != nil {
			return inField(err, -1, "")
		}
		if !key.Comparable() {
			return fmt.Errorf("tarantool: a map key of type %s cannot be a Go map key", key.Elem().Type())
		}
		if err := decodeValue(d, elem, sp, depth+1); err != nil {
			return inField(err, -1, "")
		}
		v.SetMapIndex(key, elem)
	}
	return nil
}

// decodeExt decodes an extension value (decimal, uuid, datetime,
// interval, error) into a variable of the Go type Decoder.Any gives it.
func decodeExt(d *iproto.Decoder, v reflect.Value) error {
	at := *d // the value's start, to name its type if it does not fit
	x, err := d.Any()
	if err != nil {
		return err
	}
	xv := reflect.ValueOf(x)
	switch {
	case xv.Type().AssignableTo(v.Type()):
		v.Set(xv)
	case xv.Kind() == reflect.Pointer && xv.Elem().Type().AssignableTo(v.Type()):
		v.Set(xv.Elem())
	default:
		return typeError(&at, v.Type())
	}
	return nil
}

var selfDecodingCache sync.Map // reflect.Type -> bool

// selfDecoding reports whether *t implements one of vmihailenco/msgpack's
// decoding interfaces.
func selfDecoding(t reflect.Type) bool {
	if b, ok := selfDecodingCache.Load(t); ok {
		return b.(bool)
	}
	p := reflect.PointerTo(t)
	b := p.Implements(customDec) || p.Implements(unmarshal)
	selfDecodingCache.Store(t, b)
	return b
}

// decodeStruct fills a struct from an array (fields in order) or a map
// (fields by name), its fields taken by the rule the encoder uses
// (internal/structfields).
func decodeStruct(d *iproto.Decoder, v reflect.Value, sp *Space, depth int) error {
	fs := structfields.Of(v.Type())
	if err := fs.Err(); err != nil {
		return fmt.Errorf("tarantool: cannot decode into %s: %w", v.Type(), err)
	}
	if d.Peek() == iproto.KindMap {
		n, err := d.MapLen()
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if k := d.Peek(); k != iproto.KindString && k != iproto.KindInvalid {
				te := typeError(d, stringType)
				te.hint = "the keys of a map decoded into " + v.Type().String() + " are field names"
				return te
			}
			name, err := d.StringBytes()
			if err != nil {
				return err
			}
			f := fs.ByName(name)
			if f == nil {
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			if err := decodeField(d, v, f, sp, depth); err != nil {
				if _, ok := err.(*TypeError); ok {
					return inField(err, -1, f.GoName)
				}
				return fmt.Errorf("field %s: %w", f.Name, err)
			}
		}
		return nil
	}
	n, err := d.ArrayLen()
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		if i >= len(fs.List) {
			if err := d.Skip(); err != nil {
				return err
			}
			continue
		}
		f := &fs.List[i]
		if err := decodeField(d, v, f, sp, depth); err != nil {
			if _, ok := err.(*TypeError); ok {
				return inField(err, i, f.GoName)
			}
			return fmt.Errorf("field %d (%s): %w", i, f.GoName, err)
		}
	}
	for i := n; i < len(fs.List); i++ {
		if fv, ok := fs.List[i].Value(v); ok { // behind a nil pointer it is zero
			fv.SetZero()
		}
	}
	return nil
}

// decodeField decodes the next value into field f of struct v. A nil
// value for a field behind a nil embedded pointer leaves the pointer nil;
// any other value allocates it.
func decodeField(d *iproto.Decoder, v reflect.Value, f *structfields.Field, sp *Space, depth int) error {
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
	return decodeValue(d, fv, sp, depth+1)
}
