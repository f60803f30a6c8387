package tarantool

import (
	"database/sql/driver"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tntsql/tarantool/iproto"
)

// This file picks the driver values of Tarantool's extension types in
// results. database/sql hands a driver value to a destination's Scanner
// before anything else, and uuid.UUID.Scan and decimal.Decimal.Scan take
// text but not their own types; *string takes text but no struct. So
// DECIMAL, UUID and INTERVAL come as exact text, which scans into
// decimal.Decimal, uuid.UUID, iproto.Interval, *string and *any alike; DATETIME
// comes as time.Time, which database/sql itself assigns to *time.Time and
// formats (RFC 3339 with nanoseconds) for *string.

// maxPlainScale is the largest scale written without an exponent.
const maxPlainScale = 100

// resultValue returns the driver value of a value decoded from a result.
func resultValue(v any) driver.Value {
	switch x := v.(type) {
	case decimal.Decimal:
		return decimalText(x)
	case uuid.UUID:
		return x.String()
	case iproto.Interval:
		return x.String()
	}
	return v
}

// decimalText writes d with exactly its digits and scale, so that
// decimal.NewFromString reads back the same coefficient and exponent:
// "1.10", "-0.001", "0.000" for scale 3, and an exponent where the scale
// is negative ("1E+5": 1 at scale −5) or beyond maxPlainScale ("1E-200").
func decimalText(d decimal.Decimal) string {
	coef, exp := d.Coefficient(), int64(d.Exponent())
	var b strings.Builder
	if coef.Sign() < 0 {
		b.WriteByte('-')
		coef.Neg(coef)
	}
	digits := coef.Text(10)
	switch {
	case exp == 0:
		b.WriteString(digits)
	case exp > 0 || -exp > maxPlainScale:
		b.WriteString(digits)
		b.WriteByte('E')
		if exp > 0 {
			b.WriteByte('+')
		}
		b.WriteString(strconv.FormatInt(exp, 10))
	case int(-exp) < len(digits):
		point := len(digits) + int(exp)
		b.WriteString(digits[:point])
		b.WriteByte('.')
		b.WriteString(digits[point:])
	default:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", int(-exp)-len(digits)))
		b.WriteString(digits)
	}
	return b.String()
}
