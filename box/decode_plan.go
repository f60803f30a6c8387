package box

import (
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/tntsql/tarantool/iproto"
	"github.com/vmihailenco/msgpack/v5"
)

// A decodeFunc decodes the next MessagePack value into v, a settable value
// of the type it was planned for; depth is the nesting of v, which the
// function refuses beyond maxDepth.
//
// What a type decides (its kind, whether it decodes itself, a struct's
// fields and their decoders, an element's decoder) is looked at once, when
// its decodeFunc is planned; decoding a value only looks at the bytes.
type decodeFunc func(d *iproto.Decoder, v reflect.Value, sp *Space, depth int) error

// A kindDecodeFunc is the part of a decodeFunc that the Go type's kind
// decides, called once the steps every value goes through are passed (see
// newDecodePlan): k, the MessagePack kind of the next value, peeked and
// not consumed, fits the type.
type kindDecodeFunc func(d *iproto.Decoder, k iproto.Kind, v reflect.Value, sp *Space, depth int) error

var decodePlans sync.Map // reflect.Type -> decodeFunc

// firstPlans holds the plans of the first types a program decodes
// into (Decode's destinations, not the types inside them), which it
// usually decodes into most: looking through a few slots costs less than
// hashing the type into decodePlans. A slot is filled once and never
// changes; other types are found in decodePlans.
var firstPlans [8]atomic.Pointer[plannedType]

type plannedType struct {
	t reflect.Type
	f decodeFunc
}

// destinationPlan is decodePlan for the type of a value Decode was given.
func destinationPlan(t reflect.Type) decodeFunc {
	for i := range firstPlans {
		p := firstPlans[i].Load()
		if p == nil {
			break
		}
		if p.t == t {
			return p.f
		}
	}
	f := decodePlan(t)
	var p *plannedType
	for i := 0; i < len(firstPlans); i++ {
		if q := firstPlans[i].Load(); q != nil {
			if q.t == t {
				break
			}
			continue
		}
		if p == nil {
			p = &plannedType{t: t, f: f}
		}
		if firstPlans[i].CompareAndSwap(nil, p) {
			break
		}
		i-- // taken meanwhile: look at the slot again
	}
	return f
}

// decodePlan returns the decoder of values of type t, planning it on
// first use.
func decodePlan(t reflect.Type) decodeFunc {
	if f, ok := decodePlans.Load(t); ok {
		return f.(decodeFunc)
	}
	// A recursive type meets itself while its plan is being made: the
	// plans inside it then get a stand-in that waits for the finished
	// plan and calls it, as encoding/json's typeEncoder does. Another
	// goroutine asking meanwhile gets the stand-in too.
	var (
		planned  sync.WaitGroup
		finished decodeFunc
	)
	planned.Add(1)
	standIn := decodeFunc(func(d *iproto.Decoder, v reflect.Value, sp *Space, depth int) error {
		planned.Wait()
		return finished(d, v, sp, depth)
	})
	if f, loaded := decodePlans.LoadOrStore(t, standIn); loaded {
		return f.(decodeFunc)
	}
	finished = newDecodePlan(t)
	planned.Done()
	decodePlans.Store(t, finished)
	return finished
}

// newDecodePlan makes the decoder of values of type t. Every value first
// goes through the same steps, in this order: the depth limit; a Tuple
// takes the tuple whole; nil zeroes the value; a type implementing
// msgpack's decoding interfaces decodes itself; an extension decodes as
// Decoder.Any gives it, except into a pointer or an interface; a value of
// a kind that does not fit the type is a *TypeError. Then the type's kind
// decides.
func newDecodePlan(t reflect.Type) decodeFunc {
	if t == tupleType {
		return decodeTupleValue
	}
	if t.PkgPath() != "" && selfDecoding(t) {
		return decodeSelf
	}
	k := t.Kind()
	return guarded(t, fittingKinds(t), k != reflect.Interface && k != reflect.Pointer, kindDecoder(t))
}

// kindDecoder makes the part of the decoder of type t that its kind
// decides.
func kindDecoder(t reflect.Type) kindDecodeFunc {
	switch t.Kind() {
	case reflect.Bool:
		return decodeBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return decodeInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return decodeUint
	case reflect.Float32, reflect.Float64:
		return decodeFloat
	case reflect.String:
		return decodeString
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return decodeBytes
		}
		return sliceDecoder(t)
	case reflect.Array:
		return arrayDecoder(t)
	case reflect.Map:
		return mapDecoder(t)
	case reflect.Struct:
		return structDecoder(t)
	case reflect.Pointer:
		return pointerDecoder(t)
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return decodeInterface
		}
	}
	return func(*iproto.Decoder, iproto.Kind, reflect.Value, *Space, int) error {
		return fmt.Errorf("tarantool: cannot decode into %s", t)
	}
}

// guarded makes a type's decoder out of the decoder of its kind: it takes
// the steps every value goes through before the kind decides (see
// newDecodePlan). fitting holds the MessagePack kinds t takes; ext says
// that an extension decodes as Decoder.Any gives it.
func guarded(t reflect.Type, fitting kindSet, ext bool, byKind kindDecodeFunc) decodeFunc {
	return func(d *iproto.Decoder, v reflect.Value, sp *Space, depth int) error {
		if depth > maxDepth {
			return errTooDeep()
		}
		k := d.Peek()
		switch {
		case k == iproto.KindNil:
			d.TryNil()
			v.SetZero()
			return nil
		case k == iproto.KindExt && ext:
			return decodeExt(d, v)
		case !fitting.has(k):
			return typeError(d, t)
		}
		return byKind(d, k, v, sp, depth)
	}
}

// kindSet is a set of MessagePack kinds.
type kindSet uint16

func (s kindSet) has(k iproto.Kind) bool { return s&(1<<k) != 0 }

// fittingKinds returns the MessagePack kinds that can decode into type t
// at all: those fits accepts.
func fittingKinds(t reflect.Type) kindSet {
	var s kindSet
	for k := iproto.KindInvalid; k <= iproto.KindExt; k++ {
		if fits(k, t, t.Kind()) {
			s |= 1 << k
		}
	}
	return s
}

func errTooDeep() error {
	return fmt.Errorf("tarantool: values nested deeper than %d levels", maxDepth)
}

// decodeTupleValue decodes a tuple into a Tuple: nil is not one.
func decodeTupleValue(d *iproto.Decoder, v reflect.Value, sp *Space, depth int) error {
	if depth > maxDepth {
		return errTooDeep()
	}
	return decodeTuple(d, v.Addr().Interface().(*Tuple), sp)
}

// decodeSelf decodes a value of a type implementing msgpack.CustomDecoder
// or msgpack.Unmarshaler with msgpack.Unmarshal; nil zeroes it.
func decodeSelf(d *iproto.Decoder, v reflect.Value, _ *Space, depth int) error {
	if depth > maxDepth {
		return errTooDeep()
	}
	if d.Peek() == iproto.KindNil {
		d.TryNil()
		v.SetZero()
		return nil
	}
	raw, err := d.Raw()
	if err != nil {
		return err
	}
	return msgpack.Unmarshal(raw, v.Addr().Interface())
}

// selfDecoding reports whether *t implements one of vmihailenco/msgpack's
// decoding interfaces.
func selfDecoding(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(customDec) || p.Implements(unmarshal)
}
