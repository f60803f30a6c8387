package integration

import (
	"context"
	"fmt"
	"math/big"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

// versionNewTypes is the first server with DATETIME and INTERVAL, with
// SQL DECIMAL, UUID, MAP and ARRAY, and with extension values as SQL
// arguments.
var versionNewTypes = iproto.VersionSQLExtArgs

var nameSeq atomic.Int64

// uniqueName returns a space or table name no other test of the package
// uses.
func uniqueName(prefix string) string {
	return fmt.Sprintf("%s_%d", prefix, nameSeq.Add(1))
}

// dec builds a decimal with exactly this coefficient and exponent.
func dec(coef string, exp int32) decimal.Decimal {
	c, ok := new(big.Int).SetString(coef, 10)
	if !ok {
		panic(coef)
	}
	return decimal.NewFromBigInt(c, exp)
}

// zone returns an Olson location, or a fixed zone of the same name and
// offset when the system has no zone database.
func zone(t *testing.T, name string, fallback int) *time.Location {
	t.Helper()
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.FixedZone(name, fallback)
}

// show formats a value with its type, for failure messages.
func show(v any) string {
	switch x := v.(type) {
	case time.Time:
		return fmt.Sprintf("time.Time(%s, zone %q)", x.Format(time.RFC3339Nano), x.Location())
	case decimal.Decimal:
		return fmt.Sprintf("decimal(%s × 10^%d)", x.Coefficient(), x.Exponent())
	}
	return fmt.Sprintf("%T(%v)", v, v)
}

// boxConn connects box to the shared server.
func boxConn(t *testing.T, s *tnttest.Server) *box.Conn {
	t.Helper()
	c, err := box.Connect(context.Background(), s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// eval runs Lua on the server and fails the test on an error.
func eval(t *testing.T, c *box.Conn, expr string, args ...any) []any {
	t.Helper()
	v, err := c.Eval(context.Background(), expr, args...).Values()
	if err != nil {
		t.Fatalf("eval %s: %v", expr, err)
	}
	return v
}

// Values of every type with their extremes, shared by the box and SQL
// tests.
var (
	decimalValues = []struct {
		v    decimal.Decimal
		text string // the SQL driver value
	}{
		{dec("99999999999999999999999999999999999999", 0), "99999999999999999999999999999999999999"},
		{dec("-99999999999999999999999999999999999999", 0), "-99999999999999999999999999999999999999"},
		{dec("12345678901234567890123456789012345678", -38), "0.12345678901234567890123456789012345678"},
		{dec("1", -38), "0.00000000000000000000000000000000000001"},
		{dec("-12345", -3), "-12.345"},
		{dec("110", -2), "1.10"},
		{dec("0", 0), "0"},
		{dec("0", -3), "0.000"},
		{dec("1", 5), "1E+5"},
		{dec("-123", 2), "-123E+2"},
	}
	uuidValues = []uuid.UUID{
		uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
		uuid.Nil,
		uuid.MustParse("ffffffff-ffff-ffff-dfff-ffffffffffff"), // the largest Tarantool takes: not uuid.Max, whose variant is reserved
		uuid.MustParse("0bd41858-ce54-496b-b9e3-a669b71b9e23"),
	}
	intervalValues = []iproto.Interval{
		{},
		{Years: 1, Months: 2, Weeks: 3, Days: 4, Hours: 5, Minutes: 6, Seconds: 7, Nanoseconds: 8},
		{Years: -1, Months: -200, Days: -1000000, Seconds: -5, Nanoseconds: -999999999, Adjust: iproto.AdjustLast},
		{Months: 1, Adjust: iproto.AdjustExcess},
		{Years: 11759221, Hours: -103081331286, Seconds: 1 << 53},
	}
)

// datetimeValues returns datetimes before 1970 and after 2038 with
// offsets, in named zones, and the first and last days Tarantool has.
func datetimeValues(t *testing.T) []time.Time {
	return []time.Time{
		time.Unix(0, 0).UTC(),
		time.Date(1901, 12, 13, 20, 45, 52, 1, time.FixedZone("", -5*3600)),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", -12*3600)),
		time.Date(2038, 1, 19, 3, 14, 8, 0, time.FixedZone("", 14*3600)),
		time.Date(2262, 4, 11, 23, 47, 16, 854775807, time.FixedZone("", 5*3600+45*60)),
		time.Date(2024, 2, 29, 12, 34, 56, 123456789, zone(t, "Europe/Moscow", 3*3600)),
		time.Date(1880, 1, 1, 0, 0, 0, 0, zone(t, "Europe/Moscow", 3*3600)), // local mean time, +2:30:17
		time.Date(2024, 7, 1, 0, 0, 0, 0, zone(t, "America/New_York", -4*3600)),
		time.Date(2024, 2, 29, 12, 34, 56, 0, time.FixedZone("MSK", 3*3600)),
		time.Date(-5879610, 6, 22, 0, 0, 0, 0, time.UTC),
		time.Date(5879611, 7, 11, 0, 0, 0, 0, time.UTC),
	}
}
