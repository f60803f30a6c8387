package box

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"

	"github.com/tntsql/tarantool/iproto"
)

// ErrNotFound is returned by Decode into a single value when the reply
// holds no tuple.
var ErrNotFound = errors.New("tarantool: no tuple")

// Decode decodes the reply straight from its bytes into dst and consumes
// the Result (ErrConsumed if it was consumed already).
//
// For requests that return tuples (Select, Insert, Replace, Update,
// Upsert, Delete) and for SQL rows, dst is one pointer: to a slice (every
// tuple, each as an element) or to a single value (the first tuple;
// ErrNotFound when there is none). For Call, Eval and Call16, each dst
// receives the next return value in order.
//
// A tuple decodes into a struct field by field in order, embedded structs
// flattened, by the rule iproto.AppendValue encodes structs with (the
// package documentation states it: "Structs and tuples"), or from a
// MessagePack map by field name (the msgpack tag, or the Go name). It
// also decodes into []any, Tuple, or any Go value of a matching shape:
// integers with range checks, floats, strings, []byte, slices, arrays,
// maps, pointers, any, and the extension types (decimal.Decimal,
// uuid.UUID, time.Time, iproto.Interval). Types implementing
// msgpack.CustomDecoder or msgpack.Unmarshaler
// (github.com/vmihailenco/msgpack/v5) decode themselves.
//
// A value of the wrong type for its destination (a string into an int
// field, an array into a string) gives a *TypeError naming the field; an
// integer out of its destination's range gives an error naming the value.
// Neither matches iproto.ErrMalformed, which only malformed bytes do.
func (res Result) Decode(dst ...any) error {
	r := res.claim()
	if r == nil {
		return ErrConsumed
	}
	defer r.release()
	return r.decode(dst)
}

func (r *result) decode(dst []any) error {
	data, err := r.data()
	if err != nil {
		return err
	}
	// The decoder lives in the pooled result: handed to planned decode
	// functions (indirect calls), a local one would escape to the heap.
	d := &r.dec
	d.Reset(data)
	n := 0
	if data != nil {
		if n, err = d.ArrayLen(); err != nil {
			return err
		}
	}
	if r.tuples {
		if len(dst) != 1 {
			return fmt.Errorf("tarantool: Decode of tuples takes one destination, got %d", len(dst))
		}
		return decodeTuples(d, n, dst[0], r.space)
	}
	if len(dst) > n {
		return fmt.Errorf("tarantool: %d destinations for %d return values", len(dst), n)
	}
	for i, v := range dst {
		if err := decodeInto(d, v, r.space); err != nil {
			if _, ok := err.(*TypeError); ok {
				return inPlace(err, func() string { return "return value " + strconv.Itoa(i+1) })
			}
			return fmt.Errorf("tarantool: return value %d: %w", i+1, err)
		}
	}
	return nil
}

// decodeTuples decodes n tuples into dst: a pointer to a slice takes them
// all, a pointer to anything else the first.
func decodeTuples(d *iproto.Decoder, n int, dst any, sp *Space) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("tarantool: Decode needs a non-nil pointer, got %T", dst)
	}
	v := rv.Elem()
	if v.Kind() == reflect.Slice && v.Type() != bytesType {
		return decodeSlice(d, n, v, destinationPlan(v.Type().Elem()), sp, 0, true)
	}
	if n == 0 {
		return ErrNotFound
	}
	var err error
	if isScalar(v.Kind()) && d.Peek() == iproto.KindArray {
		// A scalar destination takes the only field of a one-field tuple
		// or row: SELECT price ... into a float64.
		at := *d
		var m int
		if m, err = d.ArrayLen(); err != nil {
			return err
		}
		if m != 1 {
			te := typeError(&at, v.Type())
			te.where = "the tuple"
			te.hint = "it has " + strconv.Itoa(m) + " fields; a scalar takes a tuple of one field"
			return te
		}
		err = inField(decodeValue(d, v, sp, 0), 0, "")
	} else {
		err = decodeValue(d, v, sp, 0)
	}
	return inPlace(err, func() string { return "the tuple" })
}

func decodeInto(d *iproto.Decoder, dst any, sp *Space) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("tarantool: Decode needs a non-nil pointer, got %T", dst)
	}
	return decodeValue(d, rv.Elem(), sp, 0)
}
