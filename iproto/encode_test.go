package iproto_test

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

func TestAppendUint(t *testing.T) {
	cases := []struct {
		v    uint64
		want string
	}{
		{0, "00"},
		{1, "01"},
		{127, "7f"},
		{128, "cc 80"},
		{255, "cc ff"},
		{256, "cd 0100"},
		{65535, "cd ffff"},
		{65536, "ce 00010000"},
		{math.MaxUint32, "ce ffffffff"},
		{math.MaxUint32 + 1, "cf 0000000100000000"},
		{math.MaxInt64, "cf 7fffffffffffffff"},
		{math.MaxUint64, "cf ffffffffffffffff"},
	}
	for _, tc := range cases {
		want := wire(tc.want)
		if got := iproto.AppendUint(nil, tc.v); !bytes.Equal(got, want) {
			t.Errorf("AppendUint(%d): got %s, want %s", tc.v, hexOf(got), hexOf(want))
		}
		if tc.v <= math.MaxInt64 {
			if got := iproto.AppendInt(nil, int64(tc.v)); !bytes.Equal(got, want) {
				t.Errorf("AppendInt(%d): got %s, want %s (non-negative values take the unsigned forms)", tc.v, hexOf(got), hexOf(want))
			}
		}
		d := iproto.NewDecoder(want)
		if got, err := d.Uint(); err != nil || got != tc.v {
			t.Errorf("Uint of %s: got %d, %v, want %d", hexOf(want), got, err, tc.v)
		}
	}
}

func TestAppendInt(t *testing.T) {
	cases := []struct {
		v    int64
		want string
	}{
		{-1, "ff"},
		{-32, "e0"},
		{-33, "d0 df"},
		{-128, "d0 80"},
		{-129, "d1 ff7f"},
		{math.MinInt16, "d1 8000"},
		{math.MinInt16 - 1, "d2 ffff7fff"},
		{math.MinInt32, "d2 80000000"},
		{math.MinInt32 - 1, "d3 ffffffff7fffffff"},
		{math.MinInt64, "d3 8000000000000000"},
		{0, "00"},
		{127, "7f"},
		{128, "cc 80"},
		{math.MaxInt64, "cf 7fffffffffffffff"},
	}
	for _, tc := range cases {
		want := wire(tc.want)
		if got := iproto.AppendInt(nil, tc.v); !bytes.Equal(got, want) {
			t.Errorf("AppendInt(%d): got %s, want %s", tc.v, hexOf(got), hexOf(want))
		}
		if got, err := iproto.NewDecoder(want).Int(); err != nil || got != tc.v {
			t.Errorf("Int of %s: got %d, %v, want %d", hexOf(want), got, err, tc.v)
		}
	}
}

// TestIntRoundTrip sends boundary values through Append* and back through
// the typed readers and Any, after a prefix so offsets matter.
func TestIntRoundTrip(t *testing.T) {
	ints := []int64{0, 1, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, math.MaxInt64,
		-1, -32, -33, -128, -129, -32768, -32769, math.MinInt32, math.MinInt32 - 1, math.MinInt64}
	for _, v := range ints {
		b := iproto.AppendInt([]byte{0xc0}, v)
		d := iproto.NewDecoder(b)
		d.TryNil()
		got, err := d.Int()
		if err != nil || got != v {
			t.Errorf("Int after AppendInt(%d): got %d, %v, want %d", v, got, err, v)
		}
		if d.Len() != 0 {
			t.Errorf("AppendInt(%d): %d bytes left after Int, want 0", v, d.Len())
		}
		a, err := iproto.NewDecoder(b[1:]).Any()
		if err != nil || a != any(v) {
			t.Errorf("Any after AppendInt(%d): got %#v, %v, want int64(%d)", v, a, err, v)
		}
	}
	uints := []uint64{0, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxInt64, math.MaxInt64 + 1, math.MaxUint64}
	for _, v := range uints {
		b := iproto.AppendUint(nil, v)
		if got, err := iproto.NewDecoder(b).Uint(); err != nil || got != v {
			t.Errorf("Uint after AppendUint(%d): got %d, %v, want %d", v, got, err, v)
		}
		var want any = int64(v)
		if v > math.MaxInt64 {
			want = v
		}
		if a, err := iproto.NewDecoder(b).Any(); err != nil || a != want {
			t.Errorf("Any after AppendUint(%d): got %#v, %v, want %#v", v, a, err, want)
		}
	}
}

func TestAppendFloat(t *testing.T) {
	for _, v := range []float64{0, math.Copysign(0, -1), 1.5, -2.25, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(-1)} {
		b := iproto.AppendFloat64(nil, v)
		if len(b) != 9 || b[0] != 0xcb {
			t.Errorf("AppendFloat64(%v): got %s, want cb and 8 bytes", v, hexOf(b))
		}
		got, err := iproto.NewDecoder(b).Float()
		if err != nil || math.Float64bits(got) != math.Float64bits(v) {
			t.Errorf("Float after AppendFloat64(%v): got %v, %v", v, got, err)
		}
	}
	for _, v := range []float32{0, 1.5, -0.25, math.MaxFloat32} {
		b := iproto.AppendFloat32(nil, v)
		if len(b) != 5 || b[0] != 0xca {
			t.Errorf("AppendFloat32(%v): got %s, want ca and 4 bytes", v, hexOf(b))
		}
		if a, err := iproto.NewDecoder(b).Any(); err != nil || a != any(v) {
			t.Errorf("Any after AppendFloat32(%v): got %#v, %v, want float32", v, a, err)
		}
	}
	if got, want := iproto.AppendFloat64(nil, 1.5), wire("cb 3ff8000000000000"); !bytes.Equal(got, want) {
		t.Errorf("AppendFloat64(1.5): got %s, want %s", hexOf(got), hexOf(want))
	}
}

func TestAppendScalars(t *testing.T) {
	cases := []struct {
		name string
		got  []byte
		want string
	}{
		{"nil", iproto.AppendNil(nil), "c0"},
		{"false", iproto.AppendBool(nil, false), "c2"},
		{"true", iproto.AppendBool(nil, true), "c3"},
		{"key 0x40", iproto.AppendKey(nil, iproto.KeySQLText), "40"},
		{"key 0x00", iproto.AppendKey(nil, iproto.KeyRequestType), "00"},
		{"uint32 fixed 5", iproto.AppendUint32Fixed(nil, 5), "ce 00000005"},
		{"string bytes", iproto.AppendStringBytes(nil, []byte("ab")), "a2 'ab'"},
		{"appends after dst", iproto.AppendUint([]byte{1, 2}, 300), "01 02 cd 012c"},
	}
	for _, tc := range cases {
		if want := wire(tc.want); !bytes.Equal(tc.got, want) {
			t.Errorf("%s: got %s, want %s", tc.name, hexOf(tc.got), hexOf(want))
		}
	}
}

// TestAppendLengths checks the header each length-prefixed appender picks
// at the boundaries of its forms, and that the Decoder reads it back.
func TestAppendLengths(t *testing.T) {
	type lengthCase struct {
		n    int
		want string // the header bytes
	}
	t.Run("string", func(t *testing.T) {
		for _, tc := range []lengthCase{{0, "a0"}, {31, "bf"}, {32, "d9 20"}, {255, "d9 ff"}, {256, "da 0100"},
			{65535, "da ffff"}, {65536, "db 00010000"}} {
			s := strings.Repeat("s", tc.n)
			b := iproto.AppendString(nil, s)
			checkHeader(t, "AppendString", tc.n, b, wire(tc.want))
			if got, err := iproto.NewDecoder(b).Str(); err != nil || got != s {
				t.Errorf("String after AppendString(%d bytes): got %d bytes, %v", tc.n, len(got), err)
			}
		}
	})
	t.Run("binary", func(t *testing.T) {
		for _, tc := range []lengthCase{{0, "c4 00"}, {255, "c4 ff"}, {256, "c5 0100"}, {65535, "c5 ffff"}, {65536, "c6 00010000"}} {
			p := bytes.Repeat([]byte{7}, tc.n)
			b := iproto.AppendBinary(nil, p)
			checkHeader(t, "AppendBinary", tc.n, b, wire(tc.want))
			if got, err := iproto.NewDecoder(b).Binary(); err != nil || !bytes.Equal(got, p) {
				t.Errorf("Binary after AppendBinary(%d bytes): got %d bytes, %v", tc.n, len(got), err)
			}
		}
	})
	t.Run("array", func(t *testing.T) {
		for _, tc := range []lengthCase{{0, "90"}, {15, "9f"}, {16, "dc 0010"}, {65535, "dc ffff"}, {65536, "dd 00010000"}} {
			b := iproto.AppendArrayHeader(nil, tc.n)
			checkHeader(t, "AppendArrayHeader", tc.n, b, wire(tc.want))
			b = append(b, bytes.Repeat([]byte{0xc0}, tc.n)...)
			if got, err := iproto.NewDecoder(b).ArrayLen(); err != nil || got != tc.n {
				t.Errorf("ArrayLen after AppendArrayHeader(%d): got %d, %v", tc.n, got, err)
			}
		}
	})
	t.Run("map", func(t *testing.T) {
		for _, tc := range []lengthCase{{0, "80"}, {15, "8f"}, {16, "de 0010"}, {65535, "de ffff"}, {65536, "df 00010000"}} {
			b := iproto.AppendMapHeader(nil, tc.n)
			checkHeader(t, "AppendMapHeader", tc.n, b, wire(tc.want))
			b = append(b, bytes.Repeat([]byte{0xc0}, 2*tc.n)...)
			if got, err := iproto.NewDecoder(b).MapLen(); err != nil || got != tc.n {
				t.Errorf("MapLen after AppendMapHeader(%d): got %d, %v", tc.n, got, err)
			}
		}
	})
	t.Run("ext", func(t *testing.T) {
		for _, tc := range []lengthCase{{1, "d4 05"}, {2, "d5 05"}, {4, "d6 05"}, {8, "d7 05"}, {16, "d8 05"},
			{0, "c7 00 05"}, {3, "c7 03 05"}, {17, "c7 11 05"}, {255, "c7 ff 05"}, {256, "c8 0100 05"},
			{65535, "c8 ffff 05"}, {65536, "c9 00010000 05"}} {
			p := bytes.Repeat([]byte{9}, tc.n)
			b := append(iproto.AppendExtHeader(nil, 5, tc.n), p...)
			checkHeader(t, "AppendExtHeader", tc.n, b, wire(tc.want))
			typ, got, err := iproto.NewDecoder(b).Ext()
			if err != nil || typ != 5 || !bytes.Equal(got, p) {
				t.Errorf("Ext after AppendExtHeader(%d): got type %d, %d bytes, %v", tc.n, typ, len(got), err)
			}
		}
	})
}

func checkHeader(t *testing.T, fn string, n int, b, want []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, want) {
		t.Errorf("%s(%d): got header %s, want %s", fn, n, hexOf(b[:min(len(b), len(want))]), hexOf(want))
	}
}

type pointRow struct {
	X, Y int
}

// Point is an exported struct to embed.
type Point struct{ X, Y int }

type tupleRow struct {
	ID      uint64
	Name    string
	hidden  int    // unexported: not encoded
	Skipped string `msgpack:"-"`
	Tags    []string
	Parent  *pointRow
}

type hexMarshaler struct{ b []byte }

func (m *hexMarshaler) AppendMsgpack(dst []byte) ([]byte, error) {
	return iproto.AppendBinary(dst, m.b), nil
}

type namedString string

func TestAppendValue(t *testing.T) {
	one := 1
	pOne := &one
	cases := []struct {
		name string
		v    any
		want string
	}{
		{"nil", nil, "c0"},
		{"bool", true, "c3"},
		{"int", -1, "ff"},
		{"int8", int8(-33), "d0 df"},
		{"int16", int16(-129), "d1 ff7f"},
		{"int32", int32(65536), "ce 00010000"},
		{"int64", int64(math.MinInt64), "d3 8000000000000000"},
		{"uint", uint(128), "cc 80"},
		{"uint8", uint8(255), "cc ff"},
		{"uint16", uint16(300), "cd 012c"},
		{"uint32", uint32(math.MaxUint32), "ce ffffffff"},
		{"uint64", uint64(math.MaxUint64), "cf ffffffffffffffff"},
		{"uintptr", uintptr(5), "05"},
		{"float32", float32(1.5), "ca 3fc00000"},
		{"float64", 1.5, "cb 3ff8000000000000"},
		{"string", "ab", "a2 'ab'"},
		{"named string", namedString("ab"), "a2 'ab'"},
		{"bytes", []byte{1, 2}, "c4 02 0102"},
		{"byte array", [2]byte{1, 2}, "c4 02 0102"},
		{"int array", [2]int{1, 2}, "92 01 02"},
		{"raw value", iproto.RawValue(wire("93 01 02 03")), "93 01 02 03"},
		{"named arg", iproto.NamedArg{Name: ":n", Value: 20}, "81 a2 ':n' 14"},
		{"marshaler pointer", &hexMarshaler{b: []byte{0xee}}, "c4 01 ee"},
		{"nil marshaler pointer", (*hexMarshaler)(nil), "c0"},
		{"nil pointer to value marshaler", (*iproto.NamedArg)(nil), "c0"},
		{"nil marshaler pointer in slice", []any{(*iproto.RawValue)(nil)}, "91 c0"},
		{"pointer", pOne, "01"},
		{"pointer to pointer", &pOne, "01"},
		{"nil pointer", (*int)(nil), "c0"},
		{"nil int slice", []int(nil), "c0"},
		{"nil string map", map[string]int(nil), "c0"},
		{"empty int slice", []int{}, "90"},
		{"int slice", []int{1, -1}, "92 01 ff"},
		{"any slice", []any{uint64(1), "one", nil}, "93 01 a3 'one' c0"},
		{"string-any map", map[string]any{"k": []any{true}}, "81 a1 'k' 91 c3"},
		{"int-string map", map[int]string{1: "x"}, "81 01 a1 'x'"},
		{"struct", pointRow{X: 1, Y: -1}, "92 01 ff"},
		{"struct pointer", &pointRow{X: 1, Y: 2}, "92 01 02"},
		{"struct skips unexported and '-'",
			tupleRow{ID: 1, Name: "a", hidden: 9, Skipped: "no", Tags: []string{"t"}, Parent: &pointRow{3, 4}},
			"94 01 a1 'a' 91 a1 't' 92 03 04"},
		{"struct nil fields", tupleRow{}, "94 00 a0 c0 c0"},
		{"struct in any slice", []any{pointRow{1, 2}, &pointRow{3, 4}}, "92 92 01 02 92 03 04"},
		{"interface field", struct{ A any }{A: nil}, "91 c0"},
		{"embedded struct flattened", struct {
			pointRow
			Name string
		}{pointRow{1, 2}, "a"}, "93 01 02 a1 'a'"},
		{"embedded pointer flattened", struct {
			*pointRow
			Name string
		}{&pointRow{1, 2}, "a"}, "93 01 02 a1 'a'"},
		{"nil embedded pointer keeps positions", struct {
			*pointRow
			Name string
		}{nil, "a"}, "93 c0 c0 a1 'a'"},
		{"embedded struct with a tag name nested", struct {
			Point `msgpack:"p"`
			Name  string
		}{Point{1, 2}, "a"}, "92 92 01 02 a1 'a'"},
		{"outer field hides an embedded one", struct {
			pointRow
			X string
		}{pointRow{1, 2}, "a"}, "92 02 a1 'a'"},
		{"omitempty writes the empty field", struct {
			A int    `msgpack:"a,omitempty"`
			B string `msgpack:",omitempty"`
		}{}, "92 00 a0"},
		{"nested", []any{1, []any{"a", map[string]any{"b": []any{[]byte{}, 2.5}}}},
			"92 01 92 a1 'a' 81 a1 'b' 92 c4 00 cb 4004000000000000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := iproto.AppendValue([]byte{0xaa}, tc.v)
			if err != nil {
				t.Fatalf("got error %v, want %s", err, tc.want)
			}
			want := append([]byte{0xaa}, wire(tc.want)...)
			if !bytes.Equal(got, want) {
				t.Errorf("got %s, want %s", hexOf(got), hexOf(want))
			}
		})
	}
}

// TestAppendValueRoundTrip decodes what AppendValue wrote with Any.
func TestAppendValueRoundTrip(t *testing.T) {
	v := []any{
		int64(-5), uint64(math.MaxUint64), "str", []byte{1}, nil, true, 2.5, float32(0.5),
		map[string]any{"a": []any{int64(1), map[string]any{"b": nil}}},
		[]any{[]any{[]any{}}},
	}
	b, err := iproto.AppendValue(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	got, err := iproto.NewDecoder(b).Any()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, v) {
		t.Errorf("got %#v, want %#v", got, v)
	}
}

type withChan struct {
	A int
	C chan int
}

func TestAppendValueErrors(t *testing.T) {
	type node struct{ Next *node }
	cycle := &node{}
	cycle.Next = cycle
	selfSlice := []any{nil}
	selfSlice[0] = selfSlice
	cases := []struct {
		name string
		v    any
		want string // in the message
	}{
		{"chan", make(chan int), "chan int"},
		{"func", func() {}, "func()"},
		{"complex", complex(1, 2), "complex128"},
		{"chan in struct", withChan{C: make(chan int)}, "chan int"},
		{"func in slice", []any{1, func(int) {}}, "func(int)"},
		{"chan in map", map[string]any{"c": make(chan string)}, "chan string"},
		{"pointer cycle", cycle, "deeper"},
		{"slice cycle", selfSlice, "deeper"},
		{"fields named alike at one depth", struct {
			Point
			pointRow
		}{}, `two fields named "X" at the same depth, Point.X and pointRow.X`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			mustNotPanic(t, "AppendValue", func() { _, err = iproto.AppendValue(nil, tc.v) })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestAppendPacketError checks that a request that cannot be encoded
// leaves dst as it was and says why.
func TestAppendPacketError(t *testing.T) {
	prefix := []byte{1, 2, 3}
	cases := []struct {
		name string
		req  iproto.Request
		want string
	}{
		{"insert of a string", &iproto.Insert{SpaceID: 512, Tuple: "x"}, "string does not encode as a MessagePack array"},
		{"select with map key", &iproto.Select{SpaceID: 512, Key: map[string]int{"a": 1}}, "map[string]int does not encode"},
		{"select with nil slice key", &iproto.Select{SpaceID: 512, Key: []int(nil)}, "[]int does not encode"},
		{"select with empty raw key", &iproto.Select{SpaceID: 512, Key: iproto.RawValue{}}, "RawValue does not encode"},
		{"select with nil raw key", &iproto.Select{SpaceID: 512, Key: iproto.RawValue(nil)}, "RawValue does not encode"},
		{"update ops with chan", &iproto.Update{SpaceID: 512, Key: []any{1}, Ops: []any{make(chan int)}}, "chan int"},
		{"upsert of a map", &iproto.Upsert{SpaceID: 512, Tuple: map[string]any{}, Ops: []any{}}, "map[string]interface {} does not encode"},
		{"call args struct field func", &iproto.Call{Function: "f", Args: []any{struct{ F func() }{}}}, "func()"},
		{"execute bind func", &iproto.Execute{SQL: "SELECT ?", Args: []any{func() {}}}, "func()"},
		{"eval args int", &iproto.Eval{Expr: "return", Args: 5}, "int does not encode"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []byte
			var err error
			mustNotPanic(t, "AppendPacket", func() {
				got, err = iproto.AppendPacket(prefix, iproto.Header{Type: tc.req.Type(), Sync: 1}, tc.req)
			})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v, want one containing %q", err, tc.want)
			}
			if !bytes.Equal(got, prefix) {
				t.Errorf("got dst %s, want it unchanged (%s)", hexOf(got), hexOf(prefix))
			}
		})
	}
}

// TestAppendPacketStructKey checks a struct used as a key or tuple: it is an
// array, so it is accepted where an array is required.
func TestAppendPacketStructKey(t *testing.T) {
	got, err := iproto.AppendPacket(nil, iproto.Header{Type: iproto.TypeInsert, Sync: 1},
		&iproto.Insert{SpaceID: 512, Tuple: &pointRow{X: 1, Y: 2}})
	if err != nil {
		t.Fatal(err)
	}
	want := wire("ce 0000000e 82 00 02 01 01 82 10 cd 0200 21 92 01 02")
	if !bytes.Equal(got, want) {
		t.Errorf("got %s, want %s", hexOf(got), hexOf(want))
	}
}
