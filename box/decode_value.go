package box

import (
	"fmt"
	"math"
	"reflect"
	"strconv"

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

// decodeValue decodes the next MessagePack value into v (settable) by the
// decoder planned for v's type (decodePlan).
func decodeValue(d *iproto.Decoder, v reflect.Value, sp *Space, depth int) error {
	return destinationPlan(v.Type())(d, v, sp, depth)
}

// isScalar reports whether k is a boolean, number or string kind.
func isScalar(k reflect.Kind) bool {
	return k >= reflect.Bool && k <= reflect.Float64 || k == reflect.String
}

// The kindDecodeFuncs below are those of one kind of Go type; those of a
// scalar kind take neither the space nor the depth.

func decodeBool(d *iproto.Decoder, _ iproto.Kind, v reflect.Value, _ *Space, _ int) error {
	b, err := d.Bool()
	v.SetBool(b)
	return err
}

// decodeInt decodes an integer into a signed integer variable; one out of
// its range, negative or positive, is an error that names the value.
func decodeInt(d *iproto.Decoder, k iproto.Kind, v reflect.Value, _ *Space, _ int) error {
	if k == iproto.KindUint {
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
func decodeUint(d *iproto.Decoder, k iproto.Kind, v reflect.Value, _ *Space, _ int) error {
	if k == iproto.KindInt { // a signed encoding: negative, or not
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

func decodeFloat(d *iproto.Decoder, k iproto.Kind, v reflect.Value, _ *Space, _ int) error {
	var f float64
	var err error
	switch k {
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

// decodeString decodes a string or a binary string into a string
// variable, keeping its value (no allocation) when it is the same.
func decodeString(d *iproto.Decoder, k iproto.Kind, v reflect.Value, _ *Space, _ int) error {
	var b []byte
	var err error
	if k == iproto.KindBinary {
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
	return nil
}

func decodeBytes(d *iproto.Decoder, k iproto.Kind, v reflect.Value, _ *Space, _ int) error {
	var b []byte
	var err error
	if k == iproto.KindString {
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

// decodeInterface decodes into an empty interface what Decoder.Any gives.
func decodeInterface(d *iproto.Decoder, _ iproto.Kind, v reflect.Value, _ *Space, _ int) error {
	x, err := d.Any()
	if err != nil {
		return err
	}
	if x == nil {
		v.SetZero()
	} else {
		v.Set(reflect.ValueOf(x))
	}
	return nil
}

// pointerDecoder makes the decoder of pointer type t: it allocates the
// value pointed to when the pointer is nil.
func pointerDecoder(t reflect.Type) kindDecodeFunc {
	et := t.Elem()
	elem := decodePlan(et)
	return func(d *iproto.Decoder, _ iproto.Kind, v reflect.Value, sp *Space, depth int) error {
		if v.IsNil() {
			v.Set(reflect.New(et))
		}
		return elem(d, v.Elem(), sp, depth+1)
	}
}

// sliceDecoder makes the decoder of slice type t, its elements not bytes.
func sliceDecoder(t reflect.Type) kindDecodeFunc {
	elem := decodePlan(t.Elem())
	return func(d *iproto.Decoder, _ iproto.Kind, v reflect.Value, sp *Space, depth int) error {
		n, err := d.ArrayLen()
		if err != nil {
			return err
		}
		return decodeSlice(d, n, v, elem, sp, depth, false)
	}
}

// decodeSlice decodes n array elements with elem into the slice v,
// reusing its backing array when it is large enough; depth is the nesting
// of v. tuples says the elements are the tuples of a reply, not fields.
func decodeSlice(d *iproto.Decoder, n int, v reflect.Value, elem decodeFunc, sp *Space, depth int, tuples bool) error {
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
		if err := elem(d, v.Index(i), sp, depth+1); err != nil {
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

// arrayDecoder makes the decoder of array type t: from an array, the
// elements beyond its length skipped and those it lacks zeroed, or, for an
// array of bytes, from a binary string of its length.
func arrayDecoder(t reflect.Type) kindDecodeFunc {
	ofBytes := t.Elem().Kind() == reflect.Uint8
	length := t.Len()
	elem := decodePlan(t.Elem())
	return func(d *iproto.Decoder, k iproto.Kind, v reflect.Value, sp *Space, depth int) error {
		if ofBytes && k == iproto.KindBinary {
			b, err := d.Binary()
			if err != nil {
				return err
			}
			if len(b) != length {
				return fmt.Errorf("tarantool: %d bytes for %s", len(b), t)
			}
			reflect.Copy(v, reflect.ValueOf(b))
			return nil
		}
		n, err := d.ArrayLen()
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if i >= length {
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			if err := elem(d, v.Index(i), sp, depth+1); err != nil {
				return inField(err, i, "")
			}
		}
		for i := n; i < length; i++ {
			v.Index(i).SetZero()
		}
		return nil
	}
}

// mapDecoder makes the decoder of map type t: a nil map is made, and
// every entry of the MessagePack map is set in it.
func mapDecoder(t reflect.Type) kindDecodeFunc {
	keyType, elemType := t.Key(), t.Elem()
	decodeKey, decodeElem := decodePlan(keyType), decodePlan(elemType)
	return func(d *iproto.Decoder, _ iproto.Kind, v reflect.Value, sp *Space, depth int) error {
		n, err := d.MapLen()
		if err != nil {
			return err
		}
		if v.IsNil() {
			v.Set(reflect.MakeMapWithSize(t, min(n, maxPreallocPairs)))
		}
		key, elem := reflect.New(keyType).Elem(), reflect.New(elemType).Elem()
		for i := 0; i < n; i++ {
			key.SetZero()
			elem.SetZero()
			if err := decodeKey(d, key, sp, depth+1); err != nil {
				return inField(err, -1, "")
			}
			if !key.Comparable() {
				return fmt.Errorf("tarantool: a map key of type %s cannot be a Go map key", key.Elem().Type())
			}
			if err := decodeElem(d, elem, sp, depth+1); err != nil {
				return inField(err, -1, "")
			}
			v.SetMapIndex(key, elem)
		}
		return nil
	}
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
