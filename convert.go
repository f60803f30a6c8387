package tarantool

import (
	"database/sql/driver"
	"fmt"
	"math"
	"reflect"
)

// ValueConverter applies the driver's argument rules. Pass it to go-sqlmock
// (sqlmock.ValueConverterOption(tarantool.ValueConverter)) so that code
// tested against a mock accepts exactly the arguments the real driver does.
//
// It yields: nil; bool; int64 for every signed integer and for unsigned ones
// up to math.MaxInt64; uint64 above that (Tarantool's UNSIGNED covers the
// full range); float64 for float32 and float64 (NaN is refused: Tarantool
// SQL would store NULL); string; []byte (VARBINARY). driver.Valuer values
// (sql.Null[T], sql.NullString ...) are converted through their Value.
// Pointers are followed, named types use their underlying kind, and
// anything else (slices, maps, structs) is an error naming the type.
var ValueConverter driver.ValueConverter = valueConverter{}

type valueConverter struct{}

// ConvertValue implements driver.ValueConverter.
func (valueConverter) ConvertValue(v any) (driver.Value, error) {
	return convertValue(v, 0)
}

func convertValue(v any, depth int) (driver.Value, error) {
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
	case driver.Valuer:
		if depth > 0 {
			break
		}
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return nil, nil
		}
		dv, err := x.Value()
		if err != nil {
			return nil, fmt.Errorf("tarantool: %T.Value: %w", v, err)
		}
		return convertValue(dv, depth+1)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return nil, nil
		}
		if depth < 8 {
			return convertValue(rv.Elem().Interface(), depth)
		}
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return convertValue(rv.Uint(), depth)
	case reflect.Float32, reflect.Float64:
		return checkFloat(rv.Float())
	case reflect.String:
		return rv.String(), nil
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return rv.Bytes(), nil
		}
	}
	return nil, fmt.Errorf("tarantool: cannot bind a value of type %T to an SQL parameter (Tarantool SQL takes nil, bool, integers, floats, strings and []byte)", v)
}

func checkFloat(f float64) (driver.Value, error) {
	if math.IsNaN(f) {
		return nil, fmt.Errorf("tarantool: cannot bind NaN to an SQL parameter: Tarantool would store NULL")
	}
	return f, nil
}
