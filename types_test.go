package tarantool_test

import (
	"database/sql"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/iproto"
)

// TestValueConverterTypes checks that Tarantool's types convert to
// themselves, not to the strings their driver.Valuer methods give.
func TestValueConverterTypes(t *testing.T) {
	u := uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
	d := decimal.RequireFromString("-1.50")
	tm := time.Date(2024, 2, 29, 12, 34, 56, 7, time.FixedZone("", 3600))
	iv := iproto.Interval{Months: 1, Adjust: iproto.AdjustLast}
	var nilUUID *uuid.UUID
	for _, tc := range []struct {
		in   any
		want any
	}{
		{u, u},
		{&u, u},
		{nilUUID, nil},
		{uuid.NullUUID{UUID: u, Valid: true}, u},
		{uuid.NullUUID{}, nil},
		{&uuid.NullUUID{UUID: u, Valid: true}, u},
		{sql.Null[uuid.UUID]{V: u, Valid: true}, u},
		{sql.Null[uuid.UUID]{V: u}, nil},
		{d, d},
		{&d, d},
		{decimal.NullDecimal{Decimal: d, Valid: true}, d},
		{sql.Null[decimal.Decimal]{V: d, Valid: true}, d},
		{tm, tm},
		{&tm, tm},
		{sql.NullTime{Time: tm, Valid: true}, tm},
		{iv, iv},
		{&iv, iv},
		{sql.Null[iproto.Interval]{V: iv, Valid: true}, iv},
		{[]any{u, int8(3), sql.NullString{String: "s", Valid: true}, []any{&d}},
			[]any{u, int64(3), "s", []any{d}}},
		{map[string]any{"k": &u, "n": nil}, map[string]any{"k": u, "n": nil}},
		{map[any]any{int64(1): uint8(2)}, map[any]any{int64(1): int64(2)}},
		{[]any(nil), nil},
	} {
		got, err := tarantool.ValueConverter.ConvertValue(tc.in)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%T %v: got %T %v, %v; want %T %v", tc.in, tc.in, got, got, err, tc.want, tc.want)
		}
	}
	cycle := []any{nil}
	cycle[0] = cycle
	for _, bad := range []any{cycle, []any{[]int{1}}, map[string]any{"c": make(chan int)}, map[string]int{"a": 1}} {
		if got, err := tarantool.ValueConverter.ConvertValue(bad); err == nil {
			t.Errorf("%T: got %v, want an error", bad, got)
		}
	}
}

// TestIntervalReexport checks the root package's names for the interval
// type.
func TestIntervalReexport(t *testing.T) {
	iv, err := iproto.ParseInterval("+1 months, adjust excess")
	if err != nil || iv != (iproto.Interval{Months: 1, Adjust: iproto.AdjustExcess}) {
		t.Errorf("ParseInterval: got %#v, %v", iv, err)
	}
	if iproto.AdjustNone != iproto.IntervalAdjust(0) || iproto.AdjustLast.String() != "last" {
		t.Error("adjust constants: AdjustNone must be the zero value, AdjustLast named last")
	}
}
