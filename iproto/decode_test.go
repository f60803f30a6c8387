package iproto_test

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// decodeCase is one complete MessagePack value, what Peek says of it and
// what Any returns for it.
type decodeCase struct {
	name string
	in   []byte
	kind iproto.Kind
	want any
}

// decodeCases covers every width the server sends (iproto.md sections 1
// and 13: it is not minimal, so each one must decode).
var decodeCases = []decodeCase{
	{"nil", wire("c0"), iproto.KindNil, nil},
	{"false", wire("c2"), iproto.KindBool, false},
	{"true", wire("c3"), iproto.KindBool, true},

	{"fixint 0", wire("00"), iproto.KindUint, int64(0)},
	{"fixint 127", wire("7f"), iproto.KindUint, int64(127)},
	{"uint8", wire("cc ff"), iproto.KindUint, int64(255)},
	{"uint8 small", wire("cc 01"), iproto.KindUint, int64(1)},
	{"uint16", wire("cd ffff"), iproto.KindUint, int64(65535)},
	{"uint32", wire("ce ffffffff"), iproto.KindUint, int64(math.MaxUint32)},
	{"uint32 request type", wire("ce 00008021"), iproto.KindUint, int64(0x8021)},
	{"uint64 small", wire("cf 0000000000000001"), iproto.KindUint, int64(1)},
	{"uint64 MaxInt64", wire("cf 7fffffffffffffff"), iproto.KindUint, int64(math.MaxInt64)},
	{"uint64 MaxInt64+1", wire("cf 8000000000000000"), iproto.KindUint, uint64(1 << 63)},
	{"uint64 max", wire("cf ffffffffffffffff"), iproto.KindUint, uint64(math.MaxUint64)},

	{"negative fixint -1", wire("ff"), iproto.KindInt, int64(-1)},
	{"negative fixint -32", wire("e0"), iproto.KindInt, int64(-32)},
	{"int8", wire("d0 80"), iproto.KindInt, int64(-128)},
	{"int8 -33", wire("d0 df"), iproto.KindInt, int64(-33)},
	{"int8 positive", wire("d0 05"), iproto.KindInt, int64(5)},
	{"int16", wire("d1 8000"), iproto.KindInt, int64(math.MinInt16)},
	{"int16 positive", wire("d1 7fff"), iproto.KindInt, int64(math.MaxInt16)},
	{"int32", wire("d2 80000000"), iproto.KindInt, int64(math.MinInt32)},
	{"int32 -1", wire("d2 ffffffff"), iproto.KindInt, int64(-1)},
	{"int64", wire("d3 8000000000000000"), iproto.KindInt, int64(math.MinInt64)},
	{"int64 positive", wire("d3 7fffffffffffffff"), iproto.KindInt, int64(math.MaxInt64)},

	{"float32", wire("ca 3fc00000"), iproto.KindFloat, float32(1.5)},
	{"float32 -0.25", wire("ca be800000"), iproto.KindFloat, float32(-0.25)},
	{"float64", wire("cb 3ff8000000000000"), iproto.KindFloat, 1.5},
	{"float64 +Inf", wire("cb 7ff0000000000000"), iproto.KindFloat, math.Inf(1)},

	{"fixstr empty", wire("a0"), iproto.KindString, ""},
	{"fixstr", wire("a3 'one'"), iproto.KindString, "one"},
	{"fixstr 31", append(wire("bf"), strings.Repeat("x", 31)...), iproto.KindString, strings.Repeat("x", 31)},
	{"str8", wire("d9 03 'abc'"), iproto.KindString, "abc"},
	{"str8 message", wire("d9 25 \"Procedure 'no_such_fn' is not defined\""), iproto.KindString, "Procedure 'no_such_fn' is not defined"},
	{"str16", wire("da 0003 'abc'"), iproto.KindString, "abc"},
	{"str32", wire("db 00000003 'abc'"), iproto.KindString, "abc"},
	{"str32 empty", wire("db 00000000"), iproto.KindString, ""},

	{"bin8", wire("c4 02 0102"), iproto.KindBinary, []byte{1, 2}},
	{"bin8 empty", wire("c4 00"), iproto.KindBinary, []byte{}},
	{"bin16", wire("c5 0002 0102"), iproto.KindBinary, []byte{1, 2}},
	{"bin32", wire("c6 00000002 0102"), iproto.KindBinary, []byte{1, 2}},

	{"fixarray empty", wire("90"), iproto.KindArray, []any{}},
	{"fixarray", wire("92 01 a3 'one'"), iproto.KindArray, []any{int64(1), "one"}},
	{"array16", wire("dc 0002 01 02"), iproto.KindArray, []any{int64(1), int64(2)}},
	{"array32", wire("dd 00000002 01 02"), iproto.KindArray, []any{int64(1), int64(2)}},
	{"array32 select data", wire("dd 00000001 92 01 a3 'one'"), iproto.KindArray, []any{[]any{int64(1), "one"}}},

	{"fixmap empty", wire("80"), iproto.KindMap, map[string]any{}},
	{"fixmap string keys", wire("82 a1 'a' 01 a1 'b' c0"), iproto.KindMap, map[string]any{"a": int64(1), "b": nil}},
	{"fixmap int keys", wire("81 01 a1 'a'"), iproto.KindMap, map[any]any{int64(1): "a"}},
	{"fixmap mixed keys", wire("82 a1 'a' 01 02 03"), iproto.KindMap, map[any]any{"a": int64(1), int64(2): int64(3)}},
	{"fixmap big uint key", wire("81 cf ffffffffffffffff c3"), iproto.KindMap, map[any]any{uint64(math.MaxUint64): true}},
	{"map16", wire("de 0001 a1 'a' 01"), iproto.KindMap, map[string]any{"a": int64(1)}},
	{"map32", wire("df 00000001 a1 'a' 01"), iproto.KindMap, map[string]any{"a": int64(1)}},
	{"nested", wire("82 a1 'x' 92 91 01 81 a1 'y' 90 a1 'z' 81 05 c4 01 ff"), iproto.KindMap,
		map[string]any{"x": []any{[]any{int64(1)}, map[string]any{"y": []any{}}}, "z": map[any]any{int64(5): []byte{0xff}}}},

	{"fixext1", wire("d4 05 aa"), iproto.KindExt, iproto.Ext{Type: 5, Data: []byte{0xaa}}},
	{"fixext1 negative type", wire("d4 ff aa"), iproto.KindExt, iproto.Ext{Type: -1, Data: []byte{0xaa}}},
	// Header forms, with an extension type no decoder is registered for
	// (the registered ones are in ext_test.go).
	{"fixext2", wire("d5 64 03 1c"), iproto.KindExt, iproto.Ext{Type: 100, Data: []byte{0x03, 0x1c}}},
	{"fixext4", wire("d6 64 03 12 34 5d"), iproto.KindExt, iproto.Ext{Type: 100, Data: []byte{0x03, 0x12, 0x34, 0x5d}}},
	{"fixext8", wire("d7 64 0102030405060708"), iproto.KindExt, iproto.Ext{Type: 100, Data: []byte{1, 2, 3, 4, 5, 6, 7, 8}}},
	{"fixext16", wire("d8 64 6ba7b810 9dad 11d1 80b4 00c04fd430c8"), iproto.KindExt,
		iproto.Ext{Type: 100, Data: wire("6ba7b810 9dad 11d1 80b4 00c04fd430c8")}},
	{"ext8", wire("c7 03 64 00 10 0c"), iproto.KindExt, iproto.Ext{Type: 100, Data: []byte{0x00, 0x10, 0x0c}}},
	{"ext8 empty", wire("c7 00 64"), iproto.KindExt, iproto.Ext{Type: 100, Data: []byte{}}},
	{"ext16", wire("c8 0003 64 00 10 0c"), iproto.KindExt, iproto.Ext{Type: 100, Data: []byte{0x00, 0x10, 0x0c}}},
	{"ext32", wire("c9 00000003 64 00 10 0c"), iproto.KindExt, iproto.Ext{Type: 100, Data: []byte{0x00, 0x10, 0x0c}}},
}

func TestDecoderAny(t *testing.T) {
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			d := iproto.NewDecoder(tc.in)
			if got := d.Peek(); got != tc.kind {
				t.Errorf("Peek: got %v, want %v", got, tc.kind)
			}
			got, err := d.Any()
			if err != nil {
				t.Fatalf("Any: got error %v, want %#v", err, tc.want)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Any: got %#v (%T), want %#v (%T)", got, got, tc.want, tc.want)
			}
			if d.Len() != 0 || d.Offset() != len(tc.in) {
				t.Errorf("after Any: got Len %d Offset %d, want 0 and %d", d.Len(), d.Offset(), len(tc.in))
			}
		})
	}
}

// TestDecoderTyped reads each case with the reader of its kind.
func TestDecoderTyped(t *testing.T) {
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			d := iproto.NewDecoder(tc.in)
			var got any
			var err error
			switch tc.kind {
			case iproto.KindNil:
				if !d.TryNil() {
					t.Fatalf("TryNil: got false, want true")
				}
			case iproto.KindBool:
				got, err = d.Bool()
			case iproto.KindUint, iproto.KindInt:
				if _, ok := tc.want.(uint64); ok {
					got, err = d.Uint()
				} else {
					got, err = d.Int()
				}
			case iproto.KindFloat:
				var v float64
				v, err = d.Float()
				if _, ok := tc.want.(float32); ok {
					got = float32(v)
				} else {
					got = v
				}
			case iproto.KindString:
				got, err = d.Str()
			case iproto.KindBinary:
				got, err = d.Binary()
			case iproto.KindArray:
				var n int
				n, err = d.ArrayLen()
				if err == nil && n != len(tc.want.([]any)) {
					t.Errorf("ArrayLen: got %d, want %d", n, len(tc.want.([]any)))
				}
				for i := 0; err == nil && i < n; i++ {
					err = d.Skip()
				}
				got = tc.want
			case iproto.KindMap:
				var n int
				n, err = d.MapLen()
				want := reflect.ValueOf(tc.want).Len()
				if err == nil && n != want {
					t.Errorf("MapLen: got %d, want %d", n, want)
				}
				for i := 0; err == nil && i < 2*n; i++ {
					err = d.Skip()
				}
				got = tc.want
			case iproto.KindExt:
				var typ iproto.ExtType
				var data []byte
				typ, data, err = d.Ext()
				got = iproto.Ext{Type: typ, Data: data}
			}
			if err != nil {
				t.Fatalf("got error %v, want %#v", err, tc.want)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
			if d.Len() != 0 {
				t.Errorf("got %d bytes left, want 0", d.Len())
			}
		})
	}
}

// TestDecoderSkipRaw checks that Skip and Raw consume exactly one value,
// however it is nested, and leave the next one readable.
func TestDecoderSkipRaw(t *testing.T) {
	const trailer = 0xc3
	cases := append([]decodeCase{
		{name: "error stack", in: wire(`81 00 92
			86 00 ab 'ClientError' 02 11 01 a8 'init.lua' 03 a5 'outer' 04 00 05 cc de
			86 00 ab 'ClientError' 02 10 01 a8 'init.lua' 03 a5 'inner' 04 00 05 6f`)},
		{name: "deep arrays", in: append(bytes.Repeat([]byte{0x91}, 1000), 0xc0)},
		{name: "array of maps of ext", in: wire("93 81 a1 'a' d4 01 00 80 dc 0001 c7 02 05 0102")},
	}, decodeCases...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := append(append([]byte{}, tc.in...), trailer)

			d := iproto.NewDecoder(in)
			if err := d.Skip(); err != nil {
				t.Fatalf("Skip: got error %v, want nil", err)
			}
			if d.Offset() != len(tc.in) {
				t.Errorf("Skip: got offset %d, want %d", d.Offset(), len(tc.in))
			}
			if v, err := d.Bool(); err != nil || !v {
				t.Errorf("value after Skip: got %v, %v, want true, nil", v, err)
			}

			d.Reset(in)
			raw, err := d.Raw()
			if err != nil {
				t.Fatalf("Raw: got error %v, want nil", err)
			}
			if !bytes.Equal(raw, tc.in) {
				t.Errorf("Raw: got %s, want %s", hexOf(raw), hexOf(tc.in))
			}
			if cap(raw) != len(raw) {
				t.Errorf("Raw: got cap %d, want %d (appending must not overwrite the buffer)", cap(raw), len(raw))
			}
			if v, err := d.Bool(); err != nil || !v {
				t.Errorf("value after Raw: got %v, %v, want true, nil", v, err)
			}
		})
	}
}

// TestDecoderAliasing checks that String and Binary from Any are copies,
// while StringBytes and Binary alias the buffer (as documented).
func TestDecoderAliasing(t *testing.T) {
	buf := wire("92 a2 'ab' c4 02 0102")
	v, err := iproto.NewDecoder(buf).Any()
	if err != nil {
		t.Fatal(err)
	}
	d := iproto.NewDecoder(buf)
	if _, err := d.ArrayLen(); err != nil {
		t.Fatal(err)
	}
	sb, _ := d.StringBytes()
	bb, _ := d.Binary()
	for i := range buf {
		buf[i] = 0
	}
	want := []any{"ab", []byte{1, 2}}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("Any after the buffer changed: got %#v, want %#v", v, want)
	}
	if !bytes.Equal(sb, []byte{0, 0}) || !bytes.Equal(bb, []byte{0, 0}) {
		t.Errorf("StringBytes/Binary: got %x %x, want slices of the buffer (00 00)", sb, bb)
	}
}

// TestDecoderTypeMismatch checks that a reader given another kind returns a
// malformed-input error and does not consume anything.
func TestDecoderTypeMismatch(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
		read func(d *iproto.Decoder) error
	}{
		{"Uint of negative fixint", wire("ff"), func(d *iproto.Decoder) error { _, err := d.Uint(); return err }},
		{"Uint of negative int64", wire("d3 8000000000000000"), func(d *iproto.Decoder) error { _, err := d.Uint(); return err }},
		{"Int of uint64 above MaxInt64", wire("cf 8000000000000000"), func(d *iproto.Decoder) error { _, err := d.Int(); return err }},
		{"Int of string", wire("a1 '1'"), func(d *iproto.Decoder) error { _, err := d.Int(); return err }},
		{"Bool of nil", wire("c0"), func(d *iproto.Decoder) error { _, err := d.Bool(); return err }},
		{"Float of int", wire("01"), func(d *iproto.Decoder) error { _, err := d.Float(); return err }},
		{"Str of binary", wire("c4 01 61"), func(d *iproto.Decoder) error { _, err := d.Str(); return err }},
		{"Binary of string", wire("a1 'a'"), func(d *iproto.Decoder) error { _, err := d.Binary(); return err }},
		{"ArrayLen of map", wire("80"), func(d *iproto.Decoder) error { _, err := d.ArrayLen(); return err }},
		{"MapLen of array", wire("90"), func(d *iproto.Decoder) error { _, err := d.MapLen(); return err }},
		{"Ext of binary", wire("c4 01 00"), func(d *iproto.Decoder) error { _, _, err := d.Ext(); return err }},
		{"TryNil of false", wire("c2"), func(d *iproto.Decoder) error {
			if d.TryNil() {
				return nil
			}
			return iproto.ErrMalformed
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := iproto.NewDecoder(tc.in)
			err := tc.read(d)
			if !errors.Is(err, iproto.ErrMalformed) {
				t.Errorf("got error %v, want one matching ErrMalformed", err)
			}
			if d.Offset() != 0 {
				t.Errorf("got offset %d after the error, want 0", d.Offset())
			}
		})
	}
}

func TestDecodeErrorOffset(t *testing.T) {
	d := iproto.NewDecoder(wire("92 01 a5 'ab'"))
	_, err := d.Any()
	var de *iproto.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("got error %v (%T), want a *DecodeError", err, err)
	}
	if de.Offset != 3 {
		t.Errorf("got offset %d, want 3 (just after the str header)", de.Offset)
	}
	if !strings.Contains(de.Error(), "offset 3") {
		t.Errorf("got message %q, want it to name offset 3", de.Error())
	}
}

// decodeAll runs every reading method over b and returns their errors; a
// panic is a test failure.
func decodeAll(t *testing.T, b []byte) map[string]error {
	t.Helper()
	errs := map[string]error{}
	mustNotPanic(t, "Any", func() { _, errs["Any"] = iproto.NewDecoder(b).Any() })
	mustNotPanic(t, "Skip", func() { errs["Skip"] = iproto.NewDecoder(b).Skip() })
	mustNotPanic(t, "Raw", func() { _, errs["Raw"] = iproto.NewDecoder(b).Raw() })
	return errs
}

// typedReader reads a value of kind k with the matching reader.
func typedReader(d *iproto.Decoder, k iproto.Kind) error {
	var err error
	switch k {
	case iproto.KindBool:
		_, err = d.Bool()
	case iproto.KindUint:
		_, err = d.Uint()
	case iproto.KindInt:
		_, err = d.Int()
	case iproto.KindFloat:
		_, err = d.Float()
	case iproto.KindString:
		_, err = d.StringBytes()
	case iproto.KindBinary:
		_, err = d.Binary()
	case iproto.KindExt:
		_, _, err = d.Ext()
	case iproto.KindArray:
		var n int
		if n, err = d.ArrayLen(); err == nil {
			for i := 0; i < n && err == nil; i++ {
				err = d.Skip()
			}
		}
	case iproto.KindMap:
		var n int
		if n, err = d.MapLen(); err == nil {
			for i := 0; i < 2*n && err == nil; i++ {
				err = d.Skip()
			}
		}
	default:
		return d.Skip()
	}
	return err
}

// TestDecoderTruncated cuts every valid encoding at every byte: each
// method must return ErrMalformed, never panic and never succeed.
func TestDecoderTruncated(t *testing.T) {
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			for n := 0; n < len(tc.in); n++ {
				prefix := tc.in[:n:n]
				for method, err := range decodeAll(t, prefix) {
					if !errors.Is(err, iproto.ErrMalformed) {
						t.Errorf("%s of %d-byte prefix %s: got error %v, want ErrMalformed", method, n, hexOf(prefix), err)
					}
				}
				var err error
				mustNotPanic(t, "typed reader", func() { err = typedReader(iproto.NewDecoder(prefix), tc.kind) })
				if !errors.Is(err, iproto.ErrMalformed) {
					t.Errorf("%v reader of %d-byte prefix %s: got error %v, want ErrMalformed", tc.kind, n, hexOf(prefix), err)
				}
			}
		})
	}
}

func TestDecoderMalformed(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"0xc1", wire("c1")},
		{"0xc1 in array", wire("92 01 c1")},
		{"0xc1 as map key", wire("81 c1 01")},
		{"0xc1 as map value", wire("81 a1 'a' c1")},
		{"str8 longer than data", wire("d9 05 'ab'")},
		{"str16 longer than data", wire("da 0100 'ab'")},
		{"str32 max length", wire("db ffffffff 'ab'")},
		{"fixstr longer than data", wire("a5 'ab'")},
		{"bin8 longer than data", wire("c4 10 00")},
		{"bin16 longer than data", wire("c5 ffff 00")},
		{"bin32 max length", wire("c6 ffffffff 00")},
		{"ext8 longer than data", wire("c7 05 01 00")},
		{"ext16 longer than data", wire("c8 0100 01 00")},
		{"ext32 max length", wire("c9 ffffffff 01 00")},
		{"fixext16 short", wire("d8 02 0102")},
		{"fixarray count above data", wire("9f 01 02")},
		{"array16 count above data", wire("dc ffff 01 02 03")},
		{"array32 max count", wire("dd ffffffff 01")},
		{"array32 count one above data", wire("dd 00000003 01 02")},
		{"fixmap count above data", wire("8f a1 'a' 01")},
		{"map16 count above data", wire("de 0002 01 02 03")},
		{"map32 max count", wire("df ffffffff 01 02")},
		{"map32 2^31 count", wire("df 80000000 01 02")},
		{"map with array key", wire("81 91 01 02")},
		{"map with map key", wire("82 a1 'a' 01 80 02")},
		{"map with binary key", wire("81 c4 01 00 02")},
		{"map with unknown ext key", wire("81 d4 05 00 02")},
		{"error ext with invalid payload", wire("c7 01 03 c1")},
		{"error ext with empty stack", wire("d5 03 80 c0")},
		{"error ext with non-map payload", wire("d4 03 01")},
		{"error ext frame with bad line", wire("c7 06 03 81 00 91 81 02 a0")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			errs := decodeAll(t, tc.in)
			if err := errs["Any"]; !errors.Is(err, iproto.ErrMalformed) {
				t.Errorf("Any: got error %v, want ErrMalformed", err)
			}
		})
	}
}

// TestDecoderSkipMalformed: data whose structure is broken must fail Skip
// and Raw too (Any's extra checks, such as map key kinds, do not apply).
func TestDecoderSkipMalformed(t *testing.T) {
	for _, in := range []string{"c1", "92 01 c1", "d9 05 'ab'", "dd ffffffff 01", "df 80000000 01 02",
		"c9 ffffffff 01 00", "9f 01 02", "81 a1 'a'"} {
		t.Run(in, func(t *testing.T) {
			errs := decodeAll(t, wire(in))
			for _, m := range []string{"Skip", "Raw"} {
				if !errors.Is(errs[m], iproto.ErrMalformed) {
					t.Errorf("%s: got error %v, want ErrMalformed", m, errs[m])
				}
			}
		})
	}
}

// TestDecoderDepth checks the nesting limit of Any: arrays and maps a few
// hundred levels deep decode, much deeper input is refused with an error,
// not a stack overflow. Skip and Raw do not recurse and take any depth.
func TestDecoderDepth(t *testing.T) {
	nest := func(open byte, n int) []byte {
		var b []byte
		for i := 0; i < n; i++ {
			b = append(b, open)
			if open == 0x81 {
				b = append(b, 0xa0) // key ""
			}
		}
		return append(b, 0xc0)
	}
	for _, tc := range []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"arrays 200", nest(0x91, 200), true},
		{"maps 200", nest(0x81, 200), true},
		{"arrays 300", nest(0x91, 300), false},
		{"maps 300", nest(0x81, 300), false},
		{"arrays 100000", nest(0x91, 100000), false},
		{"maps 100000", nest(0x81, 100000), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := iproto.NewDecoder(tc.in).Any()
			if tc.ok && err != nil {
				t.Errorf("Any: got error %v, want nil", err)
			}
			if !tc.ok && !errors.Is(err, iproto.ErrMalformed) {
				t.Errorf("Any: got error %v, want ErrMalformed", err)
			}
			raw, err := iproto.NewDecoder(tc.in).Raw()
			if err != nil || len(raw) != len(tc.in) {
				t.Errorf("Raw: got %d bytes, %v, want %d bytes, nil", len(raw), err, len(tc.in))
			}
		})
	}
}

// nestErrors returns n MP_ERROR values nested through the FIELDS of their
// single frame: {0: [{6: {"k": <next>}}]}, ending in nil.
func nestErrors(n int) []byte {
	const frame = "81 00 91 81 06 81 a1 'k'"
	b := wire("c0")
	for i := 0; i < n; i++ {
		payload := append(wire(frame), b...)
		b = append(iproto.AppendExtHeader(nil, iproto.ExtError, len(payload)), payload...)
	}
	return b
}

// TestDecoderDepthThroughErrors checks that the nesting limit also counts
// levels inside MP_ERROR payloads, whose FIELDS may hold further errors:
// without that a hostile reply within max_reply_size overflows the stack.
func TestDecoderDepthThroughErrors(t *testing.T) {
	v, err := iproto.NewDecoder(nestErrors(3)).Any()
	if err != nil {
		t.Fatalf("3 nested errors: got error %v, want nil", err)
	}
	e, ok := v.(*iproto.Error)
	if !ok {
		t.Fatalf("3 nested errors: got %T, want *iproto.Error", v)
	}
	if _, ok := e.Stack[0].Fields["k"].(*iproto.Error); !ok {
		t.Errorf("FIELDS[\"k\"]: got %T, want *iproto.Error", e.Stack[0].Fields["k"])
	}
	for _, n := range []int{300, 5000} {
		if _, err := iproto.NewDecoder(nestErrors(n)).Any(); !errors.Is(err, iproto.ErrMalformed) {
			t.Errorf("%d nested errors: got error %v, want ErrMalformed", n, err)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[iproto.Kind]string{
		iproto.KindInvalid: "invalid", iproto.KindUint: "unsigned", iproto.KindInt: "integer",
		iproto.KindMap: "map", iproto.KindExt: "extension", iproto.Kind(99): "Kind(99)",
	} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String(): got %q, want %q", uint8(k), got, want)
		}
	}
}

func TestDecoderPeekEveryByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		k := iproto.NewDecoder([]byte{byte(c)}).Peek()
		if (c == 0xc1) != (k == iproto.KindInvalid) {
			t.Errorf("Peek(0x%02x): got %v", c, k)
		}
	}
	if k := iproto.NewDecoder(nil).Peek(); k != iproto.KindInvalid {
		t.Errorf("Peek of no data: got %v, want invalid", k)
	}
}
