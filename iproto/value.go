package iproto

import (
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/tntsql/tarantool/internal/structfields"
)

// Marshaler is implemented by types that encode themselves as MessagePack,
// such as Tarantool's extension types.
type Marshaler interface {
	AppendMsgpack(dst []byte) ([]byte, error)
}

// RawValue is an already encoded MessagePack value, appended as is.
type RawValue []byte

// AppendMsgpack appends the raw bytes.
func (r RawValue) AppendMsgpack(dst []byte) ([]byte, error) { return append(dst, r...), nil }

// AppendValue appends v as MessagePack. It takes nil, booleans, every Go
// integer and float kind, strings (MP_STR), []byte (MP_BIN), Tarantool's
// extension types (decimal.Decimal as DECIMAL, uuid.UUID as UUID,
// time.Time as DATETIME, Interval as INTERVAL, also behind pointers and
// inside containers), Marshaler values, pointers, slices and arrays
// (MP_ARRAY), maps (MP_MAP) and structs.
// A struct is encoded as a tuple: an array of its exported fields in
// order, with the fields of embedded structs (value or pointer) in the
// place of the embedded field unless its tag names it, and fields tagged
// `msgpack:"-"` left out. A field behind a nil embedded pointer is nil,
// so that the fields after it keep their positions; two fields with one
// name at the same depth of embedding are an error. box decodes structs
// by the same rule; its package documentation states it in full.
// Values of other kinds (channels, functions, complex numbers) are an error
// naming the type.
func AppendValue(dst []byte, v any) ([]byte, error) {
	return appendValue(dst, v, 0)
}

func appendValue(dst []byte, v any, depth int) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return AppendNil(dst), nil
	case bool:
		return AppendBool(dst, x), nil
	case int:
		return AppendInt(dst, int64(x)), nil
	case int64:
		return AppendInt(dst, x), nil
	case int32:
		return AppendInt(dst, int64(x)), nil
	case int16:
		return AppendInt(dst, int64(x)), nil
	case int8:
		return AppendInt(dst, int64(x)), nil
	case uint:
		return AppendUint(dst, uint64(x)), nil
	case uint64:
		return AppendUint(dst, x), nil
	case uint32:
		return AppendUint(dst, uint64(x)), nil
	case uint16:
		return AppendUint(dst, uint64(x)), nil
	case uint8:
		return AppendUint(dst, uint64(x)), nil
	case float64:
		return AppendFloat64(dst, x), nil
	case float32:
		return AppendFloat32(dst, x), nil
	case string:
		return AppendString(dst, x), nil
	case []byte:
		return AppendBinary(dst, x), nil
	case decimal.Decimal:
		return appendDecimal(dst, x)
	case uuid.UUID:
		return appendUUID(dst, x)
	case time.Time:
		return appendDatetime(dst, x)
	case *decimal.Decimal, *uuid.UUID, *time.Time:
		rv := reflect.ValueOf(x)
		if rv.IsNil() {
			return AppendNil(dst), nil
		}
		return appendValue(dst, rv.Elem().Interface(), depth)
	case Marshaler:
		if rv := reflect.ValueOf(x); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return AppendNil(dst), nil // as appendReflect does
		}
		return x.AppendMsgpack(dst)
	case []any:
		if depth > maxDepth {
			return dst, errTooDeep
		}
		dst = AppendArrayHeader(dst, len(x))
		var err error
		for _, e := range x {
			if dst, err = appendValue(dst, e, depth+1); err != nil {
				return dst, err
			}
		}
		return dst, nil
	case map[string]any:
		if depth > maxDepth {
			return dst, errTooDeep
		}
		dst = AppendMapHeader(dst, len(x))
		var err error
		for k, e := range x {
			dst = AppendString(dst, k)
			if dst, err = appendValue(dst, e, depth+1); err != nil {
				return dst, err
			}
		}
		return dst, nil
	}
	return appendReflect(dst, reflect.ValueOf(v), depth)
}

var errTooDeep = fmt.Errorf("tarantool: value nested deeper than %d levels (a cycle?)", maxDepth)

var (
	marshalerType = reflect.TypeFor[Marshaler]()
	decimalType   = reflect.TypeFor[decimal.Decimal]()
	uuidType      = reflect.TypeFor[uuid.UUID]()
	timeType      = reflect.TypeFor[time.Time]()
)

func appendReflect(dst []byte, rv reflect.Value, depth int) ([]byte, error) {
	if depth > maxDepth {
		return dst, errTooDeep
	}
	if rv.Kind() != reflect.Pointer && rv.Type().Implements(marshalerType) {
		return rv.Interface().(Marshaler).AppendMsgpack(dst)
	}
	if k := rv.Kind(); k == reflect.Struct || k == reflect.Array {
		switch rv.Type() {
		case decimalType, uuidType, timeType:
			return appendValue(dst, rv.Interface(), depth)
		}
	}
	switch rv.Kind() {
	case reflect.Bool:
		return AppendBool(dst, rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return AppendInt(dst, rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return AppendUint(dst, rv.Uint()), nil
	case reflect.Float32:
		return AppendFloat32(dst, float32(rv.Float())), nil
	case reflect.Float64:
		return AppendFloat64(dst, rv.Float()), nil
	case reflect.String:
		return AppendString(dst, rv.String()), nil
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return AppendNil(dst), nil
		}
		if rv.Kind() == reflect.Pointer && rv.Type().Implements(marshalerType) {
			return rv.Interface().(Marshaler).AppendMsgpack(dst)
		}
		return appendReflect(dst, rv.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return AppendNil(dst), nil
		}
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			if rv.Kind() == reflect.Slice {
				return AppendBinary(dst, rv.Bytes()), nil
			}
			b := make([]byte, rv.Len())
			reflect.Copy(reflect.ValueOf(b), rv)
			return AppendBinary(dst, b), nil
		}
		n := rv.Len()
		dst = AppendArrayHeader(dst, n)
		var err error
		for i := 0; i < n; i++ {
			if dst, err = appendReflect(dst, rv.Index(i), depth+1); err != nil {
				return dst, err
			}
		}
		return dst, nil
	case reflect.Map:
		if rv.IsNil() {
			return AppendNil(dst), nil
		}
		dst = AppendMapHeader(dst, rv.Len())
		var err error
		it := rv.MapRange()
		for it.Next() {
			if dst, err = appendReflect(dst, it.Key(), depth+1); err != nil {
				return dst, err
			}
			if dst, err = appendReflect(dst, it.Value(), depth+1); err != nil {
				return dst, err
			}
		}
		return dst, nil
	case reflect.Struct:
		fs := structfields.Of(rv.Type())
		if err := fs.Err(); err != nil {
			return dst, fmt.Errorf("tarantool: cannot encode %s as a tuple: %w", rv.Type(), err)
		}
		dst = AppendArrayHeader(dst, len(fs.List))
		var err error
		for i := range fs.List {
			fv, ok := fs.List[i].Value(rv)
			if !ok { // behind a nil embedded pointer: nil keeps the positions
				dst = AppendNil(dst)
				continue
			}
			if dst, err = appendReflect(dst, fv, depth+1); err != nil {
				return dst, err
			}
		}
		return dst, nil
	case reflect.Invalid:
		return AppendNil(dst), nil
	}
	return dst, fmt.Errorf("tarantool: cannot encode a value of type %s as MessagePack", rv.Type())
}

// appendLimit appends a SELECT limit; 0 means no limit (uint32 max).
func appendLimit(dst []byte, limit uint32) []byte {
	if limit == 0 {
		limit = math.MaxUint32
	}
	return AppendUint(dst, uint64(limit))
}
