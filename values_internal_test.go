package tarantool

import (
	"database/sql/driver"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tntsql/tarantool/iproto"
)

// TestDecimalText checks that the text of a DECIMAL result keeps every
// digit and the scale: decimal.NewFromString, which decimal.Decimal.Scan
// uses, reads back the same coefficient and exponent.
func TestDecimalText(t *testing.T) {
	for _, tc := range []struct {
		coef string
		exp  int32
		want string
	}{
		{"99999999999999999999999999999999999999", 0, "99999999999999999999999999999999999999"},
		{"-99999999999999999999999999999999999999", -38, "-0.99999999999999999999999999999999999999"},
		{"1", -38, "0.00000000000000000000000000000000000001"},
		{"-12345", -3, "-12.345"},
		{"110", -2, "1.10"},
		{"0", 0, "0"},
		{"0", -3, "0.000"},
		{"0", 3, "0E+3"},
		{"1", 5, "1E+5"},
		{"-123", 2, "-123E+2"},
		{"5", -100, "0." + strings.Repeat("0", 99) + "5"},
		{"5", -101, "5E-101"},
	} {
		c, _ := new(big.Int).SetString(tc.coef, 10)
		d := decimal.NewFromBigInt(c, tc.exp)
		got := decimalText(d)
		if got != tc.want {
			t.Errorf("%s×10^%d: got %q, want %q", tc.coef, tc.exp, got, tc.want)
		}
		back, err := decimal.NewFromString(got)
		if err != nil || back.Exponent() != tc.exp || back.Coefficient().Cmp(c) != 0 {
			t.Errorf("NewFromString(%q): got %s×10^%d, %v; want %s×10^%d", got, back.Coefficient(), back.Exponent(), err, tc.coef, tc.exp)
		}
	}
}

// TestResultValue checks the driver value of each extension type.
func TestResultValue(t *testing.T) {
	u := uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
	tm := time.Date(1901, 12, 13, 20, 45, 52, 1, time.FixedZone("", -5*3600))
	iv := iproto.Interval{Days: -3, Adjust: iproto.AdjustExcess}
	for _, tc := range []struct {
		in, want any
	}{
		{decimal.RequireFromString("1.10"), "1.10"},
		{u, "6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
		{iv, "-3 days, adjust excess"},
		{tm, tm},
		{int64(1), int64(1)},
	} {
		if got := resultValue(tc.in); got != tc.want {
			t.Errorf("resultValue(%#v): got %#v, want %#v", tc.in, got, tc.want)
		}
	}
}

// TestCheckBind checks the refusals that need the server's version: what
// 2.6 to 2.9 cannot bind, and maps by position on every version.
func TestCheckBind(t *testing.T) {
	v26, v211 := iproto.MakeVersion(2, 6, 0), iproto.MakeVersion(2, 11, 5)
	u := uuid.New()
	for _, tc := range []struct {
		nv      driver.NamedValue
		ver     iproto.Version
		wantErr string // "" for no error
	}{
		{driver.NamedValue{Ordinal: 1, Value: u}, v26, `argument 1 is a UUID (uuid.UUID); Tarantool 2.6.0 cannot bind`},
		{driver.NamedValue{Ordinal: 2, Name: "d", Value: decimal.Zero}, v26, `argument "d" is a DECIMAL`},
		{driver.NamedValue{Ordinal: 1, Value: time.Now()}, v26, "DATETIME"},
		{driver.NamedValue{Ordinal: 1, Value: iproto.Interval{}}, v26, "INTERVAL"},
		{driver.NamedValue{Ordinal: 1, Value: []any{}}, v26, "ARRAY"},
		{driver.NamedValue{Ordinal: 1, Name: "m", Value: map[string]any{}}, v26, "MAP"},
		{driver.NamedValue{Ordinal: 1, Value: int64(1)}, v26, ""},
		{driver.NamedValue{Ordinal: 1, Value: nil}, v26, ""},
		{driver.NamedValue{Ordinal: 1, Value: u}, v211, ""},
		{driver.NamedValue{Ordinal: 1, Value: []any{u}}, v211, ""},
		{driver.NamedValue{Ordinal: 1, Name: "m", Value: map[any]any{}}, v211, ""},
		{driver.NamedValue{Ordinal: 3, Value: map[string]any{}}, v211, "argument 3 is a MAP (map[string]interface {}); a MAP binds only by name (sql.Named)"},
	} {
		conv, err := ValueConverter.ConvertValue(tc.nv.Value)
		if err != nil {
			t.Fatal(err)
		}
		err = checkBind(&tc.nv, conv, tc.ver)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%T on %v: got %v, want no error", tc.nv.Value, tc.ver, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%T on %v: got %v, want an error with %q", tc.nv.Value, tc.ver, err, tc.wantErr)
		case tc.wantErr != "" && tc.ver < iproto.VersionSQLExtArgs && !strings.Contains(err.Error(), "2.10.0 or later"):
			t.Errorf("%T on %v: error %q does not name the version needed", tc.nv.Value, tc.ver, err)
		}
	}
}
