package integration

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/exact"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

// typedSpace creates a space with one field of type fieldType after an
// unsigned id, a unique index on that field when indexed, and drops it
// when the test ends. It returns the space id.
func typedSpace(t *testing.T, c *box.Conn, fieldType string, indexed bool) uint32 {
	t.Helper()
	name := uniqueName("types_box")
	v := eval(t, c, `local name, typ, indexed = ...
		local sp = box.schema.space.create(name, {format = {{'id', 'unsigned'}, {'v', typ, is_nullable = not indexed}}})
		sp:create_index('pk')
		if indexed then sp:create_index('by_v', {parts = {'v'}}) end
		return sp.id`, name, fieldType, indexed)
	t.Cleanup(func() { c.Eval(context.Background(), `box.space[...]:drop()`, name).Err() })
	id, ok := v[0].(int64)
	if !ok {
		t.Fatalf("space id: got %v", v)
	}
	return uint32(id)
}

// roundTrip stores each value in a fresh space whose field has fieldType
// and reads it back: by primary key, by the value itself as a key of a
// unique index (when indexed), as a CALL argument echoed back, and as what
// Lua sees (luaCheck, when given, returns true for each stored value).
func roundTrip(t *testing.T, fieldType string, indexed bool, values []any, luaCheck string) {
	s := tnttest.Require(t)
	c := boxConn(t, s)
	ctx := context.Background()
	space := typedSpace(t, c, fieldType, indexed)
	for i, v := range values {
		id := uint64(i + 1)
		inserted, err := c.Insert(ctx, space, []any{id, v}).Values()
		if err != nil {
			t.Fatalf("insert %s: %v", show(v), err)
		}
		want := []any{[]any{int64(id), v}}
		if !exact.Equal(inserted, want) {
			t.Errorf("insert %s returned %v", show(v), inserted)
		}
		got, err := c.Select(ctx, space, nil, id, nil).Values()
		if err != nil || !exact.Equal(got, want) {
			t.Errorf("select %s by id: got %v, %v", show(v), got, err)
		}
		if indexed {
			got, err := c.Select(ctx, space, 1, v, nil).Values()
			if err != nil || !exact.Equal(got, want) {
				t.Errorf("select by the key %s: got %v, %v", show(v), got, err)
			}
		}
		echoed, err := c.Call(ctx, "echo", v, []any{v}, map[string]any{"k": v}).Values()
		if err != nil || !exact.Equal(echoed, []any{v, []any{v}, map[string]any{"k": v}}) {
			t.Errorf("call echo(%s): got %v, %v", show(v), echoed, err)
		}
		if luaCheck != "" {
			ok, err := c.Eval(ctx, luaCheck, v, id, space).Values()
			if err != nil || len(ok) != 1 || ok[0] != true {
				t.Errorf("Lua check of %s: got %v, %v", show(v), ok, err)
			}
		}
	}
	if !indexed {
		got, err := c.Replace(ctx, space, []any{uint64(1000), nil}).Values()
		if err != nil || !exact.Equal(got, []any{[]any{int64(1000), nil}}) {
			t.Errorf("NULL: got %v, %v", got, err)
		}
	}
}

func anys[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

func TestBoxDecimal(t *testing.T) {
	var values []any
	for _, d := range decimalValues {
		values = append(values, d.v)
	}
	// Lua sees a decimal with the same digits and scale.
	check := `local v, id, space = ...
		local decimal = require('decimal')
		return decimal.is_decimal(v) and box.space[space]:get(id)[2] == v and decimal.scale(v) == decimal.scale(box.space[space]:get(id)[2])`
	var distinct []any // 0 and 0.000 are one key of a unique index
	for _, v := range values {
		if !v.(decimal.Decimal).Equal(decimal.Zero) || v.(decimal.Decimal).Exponent() == 0 {
			distinct = append(distinct, v)
		}
	}
	t.Run("unique index", func(t *testing.T) { roundTrip(t, "decimal", true, distinct, check) })
	t.Run("nullable", func(t *testing.T) { roundTrip(t, "decimal", false, values, check) })

	// Values made by Lua arrive with their scale.
	c := boxConn(t, tnttest.Require(t))
	got := eval(t, c, `local decimal = require('decimal')
		return decimal.new('1.10'), decimal.new('-99999999999999999999999999999999999999'), decimal.new('1E+5'), decimal.new('0.000')`)
	want := []any{dec("110", -2), dec("-99999999999999999999999999999999999999", 0), dec("1", 5), dec("0", -3)}
	if !exact.Equal(got, want) {
		t.Errorf("decimals from Lua: got %v, want %v", got, want)
	}
}

func TestBoxUUID(t *testing.T) {
	check := `local v, id, space = ...
		return box.space[space]:get(id)[2] == v and v:str() == box.space[space]:get(id)[2]:str()`
	roundTrip(t, "uuid", true, anys(uuidValues), check)

	c := boxConn(t, tnttest.Require(t))
	for _, u := range uuidValues {
		v, err := c.Eval(context.Background(), `return (...):str()`, u).Values()
		if err != nil || len(v) != 1 || v[0] != u.String() {
			t.Errorf("%s in Lua: got %v, %v", u, v, err)
		}
	}
	got := eval(t, c, `local uuid = require('uuid')
		return uuid.fromstr('6ba7b810-9dad-11d1-80b4-00c04fd430c8'), uuid.fromstr('00000000-0000-0000-0000-000000000000')`)
	if !exact.Equal(got, []any{uuidValues[0], uuid.Nil}) {
		t.Errorf("UUIDs from Lua: got %v", got)
	}
	// A UUID Tarantool refuses fails on our side, naming it.
	if _, err := c.Call(context.Background(), "echo", uuid.Max).Values(); err == nil {
		t.Error("uuid.Max (reserved variant): want an encoding error")
	}
}

func TestBoxDatetime(t *testing.T) {
	tnttest.RequireVersion(t, versionNewTypes, "DATETIME")
	values := datetimeValues(t)
	// Lua sees the same instant and offset; Tarantool's own text of it is
	// compared too where its zone is named.
	check := `local v, id, space = ...
		local dt = require('datetime')
		local stored = box.space[space]:get(id)[2]
		return dt.is_datetime(v) and stored == v and stored.tzoffset == v.tzoffset and stored.tz == v.tz`
	roundTrip(t, "datetime", true, anys(values), check)

	c := boxConn(t, tnttest.Require(t))
	got := eval(t, c, `local dt = require('datetime')
		return dt.new{year = 2024, month = 2, day = 29, hour = 12, min = 34, sec = 56, nsec = 123456789, tz = 'Europe/Moscow'},
			dt.new{year = 1901, month = 12, day = 13, tzoffset = -300},
			dt.new{year = 2100, month = 1, day = 1, tz = 'MSK'},
			dt.new{timestamp = 0},
			tostring(dt.new{year = 2024, month = 2, day = 29, hour = 12, min = 34, sec = 56, nsec = 123456789, tz = 'Europe/Moscow'})`)
	want := []any{
		time.Date(2024, 2, 29, 12, 34, 56, 123456789, zone(t, "Europe/Moscow", 3*3600)),
		time.Date(1901, 12, 13, 0, 0, 0, 0, time.FixedZone("", -5*3600)),
		time.Date(2100, 1, 1, 0, 0, 0, 0, time.FixedZone("MSK", 3*3600)),
		time.Unix(0, 0).UTC(),
		"2024-02-29T12:34:56.123456789 Europe/Moscow",
	}
	if !exact.Equal(got, want) {
		t.Errorf("datetimes from Lua:\n got %v\nwant %v", got, want)
	}
	// Lua's text of a Go time in a named zone is the one it gives its own.
	v, err := c.Eval(context.Background(), `return tostring(...)`, want[0]).Values()
	if err != nil || len(v) != 1 || v[0] != want[4] {
		t.Errorf("tostring of a Go time in Europe/Moscow: got %v, %v; want %q", v, err, want[4])
	}
}

func TestBoxInterval(t *testing.T) {
	tnttest.RequireVersion(t, versionNewTypes, "INTERVAL")
	check := `local v, id, space = ...
		local stored = box.space[space]:get(id)[2]
		return tostring(stored) == tostring(v) and stored:totable().adjust == v:totable().adjust`
	roundTrip(t, "interval", false, anys(intervalValues), check)

	// Lua's text of each interval is ours without the adjust mode.
	c := boxConn(t, tnttest.Require(t))
	for _, iv := range intervalValues {
		v, err := c.Eval(context.Background(), `return tostring(...)`, iv).Values()
		want, _, _ := strings.Cut(iv.String(), ", adjust")
		if err != nil || len(v) != 1 || v[0] != want {
			t.Errorf("tostring in Lua: got %v, %v; want %q", v, err, want)
		}
	}
	got := eval(t, c, `local i = require('datetime').interval
		return i.new{}, i.new{month = 1, adjust = 'excess'}, i.new{year = -1, sec = 30, nsec = 5, adjust = 'last'},
			tostring(i.new{year = 1, month = 2, week = 3, day = 4, hour = 5, min = 6, sec = 7, nsec = 8})`)
	want := []any{iproto.Interval{}, iproto.Interval{Months: 1, Adjust: iproto.AdjustExcess},
		iproto.Interval{Years: -1, Seconds: 30, Nanoseconds: 5, Adjust: iproto.AdjustLast}, intervalValues[1].String()}
	if !exact.Equal(got, want) {
		t.Errorf("intervals from Lua:\n got %v\nwant %v", got, want)
	}
	// Adjust modes reach Lua as the names Lua uses.
	for _, iv := range []iproto.Interval{{}, {Adjust: iproto.AdjustExcess}, {Adjust: iproto.AdjustLast}} {
		v, err := c.Eval(context.Background(), `return (...):totable().adjust`, iv).Values()
		if err != nil || len(v) != 1 || v[0] != iv.Adjust.String() {
			t.Errorf("adjust %v in Lua: got %v, %v", iv.Adjust, v, err)
		}
	}
}

func TestBoxMapArray(t *testing.T) {
	values := []any{
		map[string]any{"a": int64(1), "b": []any{"x", nil, true}, "d": dec("-5", -1)},
		map[string]any{},
	}
	roundTrip(t, "map", false, values, "")
	arrays := []any{
		[]any{int64(1), "two", 2.5, []any{}, map[string]any{"u": uuidValues[0]}, dec("1", 5)},
		[]any{},
	}
	roundTrip(t, "array", false, arrays, "")
}

func TestBoxIntegerExtremes(t *testing.T) {
	s := tnttest.Require(t)
	c := boxConn(t, s)
	ctx := context.Background()
	space := typedSpace(t, c, "integer", true)
	for i, v := range []any{int64(math.MinInt64), int64(math.MaxInt64), int64(-1), int64(0)} {
		if err := c.Insert(ctx, space, []any{uint64(i), v}).Err(); err != nil {
			t.Fatal(err)
		}
		got, err := c.Select(ctx, space, 1, v, nil).Values()
		if err != nil || !exact.Equal(got, []any{[]any{int64(i), v}}) {
			t.Errorf("%d: got %v, %v", v, got, err)
		}
	}
	uspace := typedSpace(t, c, "unsigned", true)
	for i, v := range []uint64{0, math.MaxInt64, math.MaxInt64 + 1, math.MaxUint64} {
		if err := c.Insert(ctx, uspace, []any{uint64(i), v}).Err(); err != nil {
			t.Fatal(err)
		}
		want := any(v)
		if v <= math.MaxInt64 {
			want = int64(v) // Decoder.Any: int64 up to MaxInt64, uint64 above
		}
		got, err := c.Select(ctx, uspace, 1, v, nil).Values()
		if err != nil || !exact.Equal(got, []any{[]any{int64(i), want}}) {
			t.Errorf("%d: got %v, %v", v, got, err)
		}
	}
}

// TestBoxDecodeTypes decodes tuples with every type into a struct of the
// natural Go types.
func TestBoxDecodeTypes(t *testing.T) {
	s := tnttest.RequireVersion(t, versionNewTypes, "DATETIME and INTERVAL")
	c := boxConn(t, s)
	ctx := context.Background()
	name := uniqueName("types_box_struct")
	space := eval(t, c, `local sp = box.schema.space.create(..., {format = {{'id', 'unsigned'}, {'d', 'decimal'},
			{'u', 'uuid'}, {'t', 'datetime'}, {'i', 'interval'}, {'n', 'unsigned'}}})
		sp:create_index('pk')
		return sp.id`, name)[0].(int64)
	t.Cleanup(func() { c.Eval(ctx, `box.space[...]:drop()`, name).Err() })
	type row struct {
		ID uint64
		D  decimal.Decimal
		U  uuid.UUID
		T  time.Time
		I  iproto.Interval
		N  uint64
	}
	in := row{1, decimalValues[0].v, uuidValues[0], datetimeValues(t)[4], intervalValues[2], math.MaxUint64}
	if err := c.Insert(ctx, uint32(space), in).Err(); err != nil {
		t.Fatal(err)
	}
	var out row
	if err := c.Get(ctx, uint32(space), nil, uint64(1), &out); err != nil {
		t.Fatal(err)
	}
	if !exact.Equal(out.D, in.D) || out.U != in.U || !exact.Equal(out.T, in.T) || out.I != in.I || out.N != in.N {
		t.Errorf("got %+v, want %+v", out, in)
	}
}
