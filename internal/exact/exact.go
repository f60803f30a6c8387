// Package exact compares decoded Tarantool values for tests: as exactly
// as the server keeps them, where reflect.DeepEqual would be too loose or
// too strict.
package exact

import (
	"reflect"
	"time"

	"github.com/shopspring/decimal"
)

// Equal compares decoded values exactly: decimals by coefficient and
// exponent (so 1.10 differs from 1.1), times by instant, offset and zone
// name, arrays and string-keyed maps element by element, the rest with
// reflect.DeepEqual.
func Equal(a, b any) bool {
	switch x := a.(type) {
	case decimal.Decimal:
		y, ok := b.(decimal.Decimal)
		return ok && x.Exponent() == y.Exponent() && x.Coefficient().Cmp(y.Coefficient()) == 0
	case time.Time:
		y, ok := b.(time.Time)
		if !ok {
			return false
		}
		xn, xo := x.Zone()
		yn, yo := y.Zone()
		return x.Equal(y) && xo == yo && xn == yn && x.Location().String() == y.Location().String()
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !Equal(v, w) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}
