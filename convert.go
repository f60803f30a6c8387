package tarantool

import (
	"database/sql/driver"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tntsql/tarantool/iproto"
)

// ValueConverter applies the driver's argument rules. Pass it to go-sqlmock
// (sqlmock.ValueConverterOption(tarantool.ValueConverter)) so that code
// tested against a mock accepts exactly the arguments the real driver does.
//
// It yields: nil; bool; int64 for every signed integer and for unsigned ones
// up to math.MaxInt64; uint64 above that (Tarantool's UNSIGNED covers the
// full range); float64 for float32 and float64 (NaN is refused: Tarantool
// SQL would store NULL); string; []byte (VARBINARY); decimal.Decimal
// (DECIMAL), uuid.UUID (UUID), time.Time (DATETIME) and iproto.Interval
// (INTERVAL), also from pointers, decimal.NullDecimal and uuid.NullUUID,
// and checked before their driver.Valuer, which would give a string;
// []any (ARRAY) and map[string]any or map[any]any (MAP) with elements
// converted by the same rules. sql.Null[T] is NULL or its V, converted by
// these rules; other driver.Valuer values (sql.NullString ...) are
// converted through their Value. Pointers are
// followed, named types use their underlying kind, and anything else
// (other slices and maps, structs) is an error naming the type: a []int
// is more often a forgotten sqlx.In than an ARRAY.
//
// The extension types, ARRAY and MAP need Tarantool 2.10 or later; a
// connection to an older server refuses them (see Conn.CheckNamedValue).
var ValueConverter driver.ValueConverter = valueConverter{}

type valueConverter struct{}

// ConvertValue implements driver.ValueConverter.
func (valueConverter) ConvertValue(v any) (driver.Value, error) {
	return convertValue(v, 0, 0)
}

// maxBindNesting bounds the nesting of ARRAY and MAP arguments (a []any
// may contain itself).
const maxBindNesting = 64

// convertValue converts one argument; valuers counts the driver.Valuer
// and pointer steps taken to reach v, nest the containers around it.
func convertValue(v any, valuers, nest int) (driver.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case bool, int64, string:
		return x, nil
	case []byte:
		return x, nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), nil
		}
		return x, nil
	case float64:
		return checkFloat(x)
	case float32:
		return checkFloat(float64(x))
	case decimal.Decimal, uuid.UUID, time.Time, iproto.Interval:
		return x, nil
	case decimal.NullDecimal:
		if !x.Valid {
			return nil, nil
		}
		return x.Decimal, nil
	case uuid.NullUUID:
		if !x.Valid {
			return nil, nil
		}
		return x.UUID, nil
	case *decimal.Decimal, *uuid.UUID, *time.Time, *iproto.Interval, *decimal.NullDecimal, *uuid.NullUUID:
		if rv := reflect.ValueOf(x); !rv.IsNil() {
			return convertValue(rv.Elem().Interface(), valuers, nest)
		}
		return nil, nil
	case []any:
		return convertArray(x, nest)
	case map[string]any:
		return convertMap(x, nest)
	case map[any]any:
		return convertMap(x, nest)
	case driver.Valuer:
		if valuers > 0 {
			break
		}
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer && rv.IsNil() {
			return nil, nil
		}
		if inner, valid, ok := sqlNull(rv); ok {
			// sql.Null[T].Value converts V through its own Valuer
			// (uuid.UUID's gives a string): take V itself.
			if !valid {
				return nil, nil
			}
			return convertValue(inner, valuers+1, nest)
		}
		dv, err := x.Value()
		if err != nil {
			return nil, fmt.Errorf("tarantool: %T.Value: %w", v, err)
		}
		return convertValue(dv, valuers+1, nest)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, nil
		}
		if valuers < 8 {
			return convertValue(rv.Elem().Interface(), valuers, nest)
		}
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return convertValue(rv.Uint(), valuers, nest)
	case reflect.Float32, reflect.Float64:
		return checkFloat(rv.Float())
	case reflect.String:
		return rv.String(), nil
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return rv.Bytes(), nil
		}
	}
	return nil, fmt.Errorf("tarantool: cannot bind a value of type %T to an SQL parameter (Tarantool SQL takes nil, bool, integers, floats, strings, []byte, decimal.Decimal, uuid.UUID, time.Time, iproto.Interval, and []any or map[string]any for ARRAY or MAP)", v)
}

// sqlNull returns V and Valid of an sql.Null[T]; ok is false for other
// types.
func sqlNull(rv reflect.Value) (inner any, valid, ok bool) {
	t := rv.Type()
	if rv.Kind() != reflect.Struct || t.PkgPath() != "database/sql" || !strings.HasPrefix(t.Name(), "Null[") {
		return nil, false, false
	}
	v, isValid := rv.FieldByName("V"), rv.FieldByName("Valid")
	if !v.IsValid() || isValid.Kind() != reflect.Bool {
		return nil, false, false
	}
	return v.Interface(), isValid.Bool(), true
}

func convertArray(a []any, nest int) (driver.Value, error) {
	if nest >= maxBindNesting {
		return nil, errBindNesting
	}
	if a == nil {
		return nil, nil
	}
	out := make([]any, len(a))
	for i, e := range a {
		v, err := convertValue(e, 0, nest+1)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func convertMap[K comparable](m map[K]any, nest int) (driver.Value, error) {
	if nest >= maxBindNesting {
		return nil, errBindNesting
	}
	if m == nil {
		return nil, nil
	}
	out := make(map[K]any, len(m))
	for k, e := range m {
		v, err := convertValue(e, 0, nest+1)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

var errBindNesting = fmt.Errorf("tarantool: ARRAY or MAP argument nested deeper than %d levels (a cycle?)", maxBindNesting)

func checkFloat(f float64) (driver.Value, error) {
	if math.IsNaN(f) {
		return nil, fmt.Errorf("tarantool: cannot bind NaN to an SQL parameter: Tarantool would store NULL")
	}
	return f, nil
}
