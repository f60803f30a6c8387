package iproto_test

import (
	"bytes"
	"errors"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tntsql/tarantool/internal/exact"
	"github.com/tntsql/tarantool/iproto"
)

// extCase is an extension value as a real server encodes it and the Go
// value it stands for. encodes says AppendValue writes exactly these bytes
// back (false for forms the server reads but never writes).
type extCase struct {
	name    string
	in      []byte
	want    any
	encodes bool
}

func mustDecimal(s string) decimal.Decimal {
	d, err := decimal.NewFromString(s)
	if err != nil {
		panic(err)
	}
	return d
}

func bigDecimal(coef string, exp int32) decimal.Decimal {
	c, ok := new(big.Int).SetString(coef, 10)
	if !ok {
		panic(coef)
	}
	return decimal.NewFromBigInt(c, exp)
}

func moscow() *time.Location {
	if loc, err := time.LoadLocation("Europe/Moscow"); err == nil {
		return loc
	}
	return time.FixedZone("Europe/Moscow", 3*3600)
}

// extCases hold the bytes of msgpack.encode(value):hex() on Tarantool
// 2.6.0 (DECIMAL, UUID; 2.11.5 writes the same) and 2.11.5 (DATETIME,
// INTERVAL, ERROR).
var extCases = []extCase{
	{"decimal -12.345", wire("d6 01 03 12 34 5d"), mustDecimal("-12.345"), true},
	{"decimal 100", wire("c7 03 01 00 10 0c"), mustDecimal("100"), true},
	{"decimal 10 (padded)", wire("c7 03 01 00 01 0c"), mustDecimal("10"), true},
	{"decimal 5", wire("d5 01 00 5c"), mustDecimal("5"), true},
	{"decimal 0.001", wire("d5 01 03 1c"), mustDecimal("0.001"), true},
	{"decimal 1.10 keeps its scale", wire("c7 03 01 02 11 0c"), bigDecimal("110", -2), true},
	{"decimal 1E+5 (scale -5)", wire("d5 01 fb 1c"), bigDecimal("1", 5), true},
	{"decimal 123E+2", wire("c7 03 01 fe 12 3c"), bigDecimal("123", 2), true},
	{"decimal 0", wire("d5 01 00 0c"), decimal.Zero, true},
	{"decimal 0E-3", wire("d5 01 03 0c"), bigDecimal("0", -3), true},
	{"decimal 0E+3", wire("d5 01 fd 0c"), bigDecimal("0", 3), true},
	{"decimal largest", wire("c7 15 01 00 09999999999999999999999999999999999999 9c"),
		bigDecimal("99999999999999999999999999999999999999", 0), true},
	{"decimal smallest", wire("c7 15 01 00 09999999999999999999999999999999999999 9d"),
		bigDecimal("-99999999999999999999999999999999999999", 0), true},
	{"decimal 1E-38", wire("d5 01 26 1c"), bigDecimal("1", -38), true},
	{"decimal 38 digits scale 1", wire("c7 15 01 01 01234567890123456789012345678901234567 8c"),
		bigDecimal("12345678901234567890123456789012345678", -1), true},
	{"decimal -0 reads as 0", wire("d5 01 00 0d"), decimal.Zero, false},
	{"decimal padded negative (iproto.md)", wire("c7 05 01 03 01 23 45 0d"), bigDecimal("-123450", -3), false},
	{"decimal signs 0xA, 0xB", wire("92 d5 01 00 1a d5 01 00 1b"), []any{mustDecimal("1"), mustDecimal("-1")}, false},
	{"decimal signs 0xE, 0xF", wire("92 d5 01 00 1e d5 01 00 1f"), []any{mustDecimal("1"), mustDecimal("1")}, false},
	{"decimal scale as int8", wire("c7 03 01 d0 fb 1c"), bigDecimal("1", 5), false},

	{"uuid", wire("d8 02 6ba7b810 9dad 11d1 80b4 00c04fd430c8"), uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), true},
	{"uuid nil", wire("d8 02 00000000000000000000000000000000"), uuid.Nil, true},
	{"uuid largest Tarantool takes", wire("d8 02 ffffffffffffffffdfffffffffffffff"), uuid.MustParse("ffffffff-ffff-ffff-dfff-ffffffffffff"), true},

	{"datetime epoch", wire("d7 04 0000000000000000"), time.Unix(0, 0).UTC(), true},
	{"datetime tz Z", wire("d8 04 f079e06500000000 00000000 0000 1900"),
		time.Date(2024, 2, 29, 12, 34, 56, 0, time.FixedZone("Z", 0)), true},
	{"datetime nsec and offset", wire("d8 04 c04fe06500000000 15cd5b07 b400 0000"),
		time.Date(2024, 2, 29, 12, 34, 56, 123456789, time.FixedZone("", 3*3600)), true},
	{"datetime Europe/Moscow", wire("d8 04 c04fe06500000000 00000000 b400 b303"),
		time.Date(2024, 2, 29, 12, 34, 56, 0, moscow()), true},
	{"datetime MSK", wire("d8 04 c04fe06500000000 00000000 b400 ee00"),
		time.Date(2024, 2, 29, 12, 34, 56, 0, time.FixedZone("MSK", 3*3600)), true},
	{"datetime before 1970", wire("d8 04 50460080ffffffff 01000000 d4fe 0000"),
		time.Date(1901, 12, 13, 20, 45, 52, 1, time.FixedZone("", -5*3600)), true},
	{"datetime after 2038", wire("d8 04 24b8c02502000000 ffd7f232 4803 0000"),
		time.Date(2262, 4, 11, 23, 47, 16, 854775807, time.FixedZone("", 14*3600)), true},
	{"datetime last nanosecond of 1969", wire("d8 04 bfa8000000000000 ffc99a3b 30fd 0000"),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", -12*3600)), true},
	{"datetime first day", wire("d7 04 80b76c883157ffff"), time.Date(-5879610, 6, 22, 0, 0, 0, 0, time.UTC), true},
	{"datetime last day", wire("d7 04 00666b88b1a80000"), time.Date(5879611, 7, 11, 0, 0, 0, 0, time.UTC), true},
	{"datetime empty tail", wire("d8 04 0000000000000000 00000000 0000 0000"), time.Unix(0, 0).UTC(), false},
	{"datetime leap nanoseconds", wire("d8 04 0000000000000000 00ca9a3b 0000 0000"), time.Unix(1, 0).UTC(), false},

	{"interval empty (adjust none)", wire("c7 03 06 01 08 01"), iproto.Interval{}, true},
	{"interval every field", wire("c7 13 06 09 00 01 01 02 02 03 03 04 04 05 05 06 06 07 07 08 08 01"),
		iproto.Interval{Years: 1, Months: 2, Weeks: 3, Days: 4, Hours: 5, Minutes: 6, Seconds: 7, Nanoseconds: 8}, true},
	{"interval negative, adjust last", wire("c7 17 06 06 00 ff 01 d1 ff38 03 d2 fff0bdc0 06 fb 07 d2 c4653601 08 02"),
		iproto.Interval{Years: -1, Months: -200, Days: -1000000, Seconds: -5, Nanoseconds: -999999999, Adjust: iproto.AdjustLast}, true},
	{"interval adjust excess", wire("c7 03 06 01 01 01"), iproto.Interval{Months: 1, Adjust: iproto.AdjustExcess}, true},
	{"interval adjust none", wire("c7 05 06 02 01 01 08 01"), iproto.Interval{Months: 1}, true},
	{"interval fields out of order, zero given", wire("c7 07 06 03 08 01 03 05 00 00"), iproto.Interval{Days: 5}, false},
}

func TestExtGolden(t *testing.T) {
	for _, tc := range extCases {
		t.Run(tc.name, func(t *testing.T) {
			got := anyOf(t, tc.in)
			if !exact.Equal(got, tc.want) {
				t.Errorf("Any(%s): got %#v (%v), want %#v (%v)", hexOf(tc.in), got, got, tc.want, tc.want)
			}
			enc, err := iproto.AppendValue(nil, tc.want)
			if err != nil {
				t.Fatalf("AppendValue(%v): %v", tc.want, err)
			}
			if tc.encodes && !bytes.Equal(enc, tc.in) {
				t.Errorf("AppendValue(%v): got %s, want the server's %s", tc.want, hexOf(enc), hexOf(tc.in))
			}
			if back := anyOf(t, enc); !exact.Equal(back, tc.want) {
				t.Errorf("AppendValue then Any: got %v, want %v", back, tc.want)
			}
		})
	}
}

// TestErrorExtGolden decodes an MP_ERROR value as Tarantool 2.11.5 writes
// it (msgpack.encode(box.error.new{code = 111, reason = 'inner'})); the
// 2.6.0 value is in TestErrorExtValue.
func TestErrorExtGolden(t *testing.T) {
	in := wire(`c7 2b 03 81 00 91 86 00 ab 'ClientError' 02 03 01 ab '/tmp/t5.lua' 03 a5 'inner' 04 00 05 6f`)
	e, ok := anyOf(t, in).(*iproto.Error)
	want := iproto.ErrorStack{{Type: "ClientError", File: "/tmp/t5.lua", Line: 3, Message: "inner", Code: 111}}
	if !ok || e.Code != 111 || e.Message != "inner" || !reflect.DeepEqual(e.Stack, want) {
		t.Errorf("got %#v, want code 111, message inner, stack %+v", e, want)
	}
}

// TestExtPointersAndContainers encodes the extension types behind pointers
// and inside slices, maps and structs, as tuples and arguments hold them.
func TestExtPointersAndContainers(t *testing.T) {
	d := mustDecimal("-1.50")
	u := uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
	tm := time.Date(2000, 1, 2, 3, 4, 5, 6, time.FixedZone("", -90*60))
	iv := iproto.Interval{Hours: 2, Adjust: iproto.AdjustLast}
	type row struct {
		D  decimal.Decimal
		U  uuid.UUID
		T  time.Time
		I  iproto.Interval
		PD *decimal.Decimal
		PU *uuid.UUID
		PT *time.Time
		PI *iproto.Interval
		NP *decimal.Decimal
	}
	want := []any{d, u, tm, iv, d, u, tm, iv, nil}
	for _, tc := range []struct {
		name string
		in   any
	}{
		{"[]any of values", []any{d, u, tm, iv, &d, &u, &tm, &iv, (*decimal.Decimal)(nil)}},
		{"struct", row{d, u, tm, iv, &d, &u, &tm, &iv, nil}},
		{"pointer to struct", &row{d, u, tm, iv, &d, &u, &tm, &iv, nil}},
	} {
		enc, err := iproto.AppendValue(nil, tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := anyOf(t, enc); !exact.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, want)
		}
	}
	enc, err := iproto.AppendValue(nil, map[string][]uuid.UUID{"ids": {u, uuid.Nil}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := anyOf(t, enc), map[string]any{"ids": []any{u, uuid.Nil}}; !reflect.DeepEqual(got, want) {
		t.Errorf("map of []uuid.UUID: got %v, want %v", got, want)
	}
}

func TestExtDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"decimal no digits", "d4 01 00"},
		{"decimal scale not an integer", "d5 01 c0 1c"},
		{"decimal truncated scale", "d4 01 cd"},
		{"decimal scale too large", "c7 06 01 ce 7fffffff 1c"},
		{"decimal digit nibble > 9", "d5 01 00 ac"},
		{"decimal low digit nibble > 9", "d6 01 00 1a 23 4c"},
		{"decimal sign nibble is a digit", "d5 01 00 11"},
		{"uuid 15 bytes", "c7 0f 02 000000000000000000000000000000"},
		{"uuid 17 bytes", "c7 11 02 0000000000000000000000000000000000"},
		{"uuid reserved variant", "d8 02 ffffffffffffffffffffffffffffffff"},
		{"datetime 4 bytes", "d6 04 00000000"},
		{"datetime 12 bytes", "c7 0c 04 000000000000000000000000"},
		{"datetime seconds too large", "d7 04 0000000000000080"},
		{"datetime seconds just past the end", "d7 04 01666b88b1a80000"},
		{"datetime negative nanoseconds", "d8 04 0000000000000000 ffffffff 0000 0000"},
		{"datetime 2e9 nanoseconds", "d8 04 0000000000000000 00943577 0000 0000"},
		{"datetime offset +14:01", "d8 04 0000000000000000 00000000 4903 0000"},
		{"datetime offset -12:01", "d8 04 0000000000000000 00000000 2ffd 0000"},
		{"datetime zone index 1025", "d8 04 0000000000000000 00000000 0000 0104"},
		{"datetime negative zone index", "d8 04 0000000000000000 00000000 0000 ffff"},
		{"interval empty payload", "c7 00 06"},
		{"interval count past the end", "d5 06 02 00"},
		{"interval unknown field", "c7 03 06 01 09 01"},
		{"interval value not an integer", "c7 03 06 01 00 c0"},
		{"interval adjust 3", "c7 03 06 01 08 03"},
		{"interval adjust -1", "c7 03 06 01 08 ff"},
		{"interval trailing bytes", "c7 04 06 01 00 01 00"},
		{"interval year beyond int32", "c7 07 06 01 00 ce 80000000"},
		{"interval days beyond 2^53", "c7 0b 06 01 03 cf 0020000000000001"},
		{"interval value beyond int64", "c7 0b 06 01 06 cf ffffffffffffffff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := wire(tc.in)
			d := iproto.NewDecoder(in)
			v, err := d.Any()
			if !errors.Is(err, iproto.ErrMalformed) {
				t.Errorf("Any(%s): got %#v, %v; want an error matching ErrMalformed", hexOf(in), v, err)
			}
		})
	}
}

func TestExtEncodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   any
		want string
	}{
		{"datetime before the first day", time.Date(-5879610, 6, 21, 23, 59, 59, 0, time.UTC), "range"},
		{"datetime after the last day", time.Date(5879611, 7, 11, 0, 0, 1, 0, time.UTC), "range"},
		{"datetime offset +15:00", time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("", 15*3600)), "-12:00 to +14:00"},
		{"datetime offset -12:30", time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("", -12*3600-1800)), "-12:00 to +14:00"},
		{"datetime offset with seconds", time.Date(2000, 1, 1, 0, 0, 0, 0, time.FixedZone("", 3601)), "seconds"},
		{"interval years beyond int32", iproto.Interval{Years: 1 << 31}, "years"},
		{"interval nanoseconds beyond int32", iproto.Interval{Nanoseconds: -1 << 32}, "nanoseconds"},
		{"interval seconds beyond 2^53", iproto.Interval{Seconds: 1<<53 + 1}, "seconds"},
		{"interval unknown adjust", iproto.Interval{Adjust: 3}, "adjust"},
		{"decimal exponent MinInt32", decimal.New(1, math.MinInt32), "exponent"},
		{"uuid.Max (reserved variant)", uuid.Max, "variant"},
	} {
		if enc, err := iproto.AppendValue(nil, tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %s, %v; want an error about %q", tc.name, hexOf(enc), err, tc.want)
		}
	}
	// A named zone keeps the seconds of its offset through its name.
	lmt := time.Date(1880, 1, 1, 0, 0, 0, 0, moscow())
	enc, err := iproto.AppendValue(nil, lmt)
	if err != nil {
		t.Fatalf("Europe/Moscow in 1880: %v", err)
	}
	if got := anyOf(t, enc); !exact.Equal(got, lmt) && moscow().String() == "Europe/Moscow" {
		t.Errorf("Europe/Moscow in 1880: got %v, want %v", got, lmt)
	}
}

// TestDatetimeZones checks the zone rules of DATETIME: time.UTC has
// neither index nor offset, known names keep their index, other zones
// their offset only.
func TestDatetimeZones(t *testing.T) {
	at := time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		loc      *time.Location
		wantTail string // the 8 bytes after the seconds, "" for none
		wantLoc  string
	}{
		{time.UTC, "", "UTC"},
		{time.FixedZone("", 0), "", "UTC"},
		{time.FixedZone("UTC", 0), "00000000 0000 2801", "UTC"},
		{time.FixedZone("Nowhere/Else", 3600), "00000000 3c00 0000", ""},
		{time.FixedZone("", -3*3600-30*60), "00000000 2eff 0000", ""},
		{time.FixedZone("W-SU", 4*3600), "00000000 f000 b303", "Europe/Moscow"}, // an alias
	} {
		enc, err := iproto.AppendValue(nil, at.In(tc.loc))
		if err != nil {
			t.Fatalf("%v: %v", tc.loc, err)
		}
		if got := hexOf(enc[10:]); got != hexOf(wire(tc.wantTail)) {
			t.Errorf("%q: tail %s, want %s", tc.loc, got, hexOf(wire(tc.wantTail)))
		}
		got := anyOf(t, enc).(time.Time)
		if !got.Equal(at) || got.Location().String() != tc.wantLoc {
			t.Errorf("%q: decoded %v in %q, want %v in %q", tc.loc, got, got.Location(), at, tc.wantLoc)
		}
	}
}

func TestIntervalText(t *testing.T) {
	for _, tc := range []struct {
		iv   iproto.Interval
		text string
	}{
		{iproto.Interval{}, "+0 seconds"},
		{iproto.Interval{Nanoseconds: 5}, "+0 seconds, 5 nanoseconds"},
		{iproto.Interval{Years: 1, Months: 2, Weeks: 3, Days: 4, Hours: 5, Minutes: 6, Seconds: 7, Nanoseconds: 8},
			"+1 years, 2 months, 3 weeks, 4 days, 5 hours, 6 minutes, 7 seconds, 8 nanoseconds"},
		{iproto.Interval{Years: -1, Months: -200, Days: -1000000, Seconds: -5, Nanoseconds: -999999999},
			"-1 years, -200 months, -1000000 days, -5 seconds, -999999999 nanoseconds"},
		{iproto.Interval{Months: 1, Adjust: iproto.AdjustExcess}, "+1 months, adjust excess"},
		{iproto.Interval{Adjust: iproto.AdjustLast}, "+0 seconds, adjust last"},
	} {
		if got := tc.iv.String(); got != tc.text {
			t.Errorf("%#v.String(): got %q, want %q", tc.iv, got, tc.text)
		}
		back, err := iproto.ParseInterval(tc.text)
		if err != nil || back != tc.iv {
			t.Errorf("ParseInterval(%q): got %#v, %v; want %#v", tc.text, back, err, tc.iv)
		}
	}
	if iv, err := iproto.ParseInterval(" 3 day ,adjust none, -2 hour"); err != nil || iv != (iproto.Interval{Days: 3, Hours: -2}) {
		t.Errorf("ParseInterval of singular units in any order: got %#v, %v", iv, err)
	}
	for _, bad := range []string{"", "1", "1 fortnight", "x days", "1 days, 2 days", "adjust sideways",
		"adjust none, adjust last", "1 days 2 hours", "99999999999 years"} {
		if iv, err := iproto.ParseInterval(bad); err == nil {
			t.Errorf("ParseInterval(%q): got %#v, want an error", bad, iv)
		}
	}
}

func TestIntervalScan(t *testing.T) {
	want := iproto.Interval{Months: -1, Seconds: 30, Adjust: iproto.AdjustLast}
	v := want.String()
	for _, src := range []any{v, []byte(v), want} {
		var got iproto.Interval
		if err := got.Scan(src); err != nil || got != want {
			t.Errorf("Scan(%#v): got %#v, %v; want %#v", src, got, err, want)
		}
	}
	for _, src := range []any{nil, 5, "1 eon"} {
		var got iproto.Interval
		if err := got.Scan(src); err == nil {
			t.Errorf("Scan(%#v): got %#v, want an error", src, got)
		}
	}
	if s := iproto.IntervalAdjust(7).String(); s != "IntervalAdjust(7)" {
		t.Errorf("IntervalAdjust(7).String() = %q", s)
	}
}
