package box

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/tntsql/tarantool/iproto"
)

// checkTypeError checks that err is a *TypeError with the given parts and
// message, and does not match iproto.ErrMalformed.
func checkTypeError(t *testing.T, err error, found string, typ reflect.Type, field int, name, msg string) {
	t.Helper()
	var te *TypeError
	if !errors.As(err, &te) {
		t.Fatalf("got %v (%T), want a *TypeError", err, err)
	}
	if te.Found != found || te.Type != typ || te.Field != field || te.Name != name {
		t.Errorf("got Found %q, Type %v, Field %d, Name %q; want %q, %v, %d, %q",
			te.Found, te.Type, te.Field, te.Name, found, typ, field, name)
	}
	if err.Error() != msg {
		t.Errorf("got message %q, want %q", err.Error(), msg)
	}
	if errors.Is(err, iproto.ErrMalformed) {
		t.Errorf("%v matches iproto.ErrMalformed; want it not to (the bytes are well-formed)", err)
	}
}

func TestDecodeTypeErrorValues(t *testing.T) {
	intT, stringT := reflect.TypeFor[int](), reflect.TypeFor[string]()
	for _, tc := range []struct {
		name  string
		in    any
		dst   any // pointer to the destination
		found string
		typ   reflect.Type
		field int
		msg   string
	}{
		{"string into int", "x", new(int), "string", intT, -1, "tarantool: cannot decode a string into int"},
		{"float into int", 1.5, new(int), "float", intT, -1, "tarantool: cannot decode a float into int"},
		{"string into uint8", "x", new(uint8), "string", reflect.TypeFor[uint8](), -1, "tarantool: cannot decode a string into uint8"},
		{"bool into float", true, new(float64), "bool", reflect.TypeFor[float64](), -1, "tarantool: cannot decode a boolean into float64"},
		{"array into string", []any{1}, new(string), "array", stringT, -1, "tarantool: cannot decode an array into string"},
		{"unsigned into string", 7, new(string), "unsigned", stringT, -1, "tarantool: cannot decode an unsigned integer into string"},
		{"negative into string", -7, new(string), "integer", stringT, -1, "tarantool: cannot decode an integer into string"},
		{"string into bool", "true", new(bool), "string", reflect.TypeFor[bool](), -1, "tarantool: cannot decode a string into bool"},
		{"binary into int", []byte{1}, new(int), "binary", intT, -1, "tarantool: cannot decode a binary string into int"},
		{"map into slice", map[string]any{"a": 1}, new([]int), "map", reflect.TypeFor[[]int](), -1, "tarantool: cannot decode a map into []int"},
		{"array into bytes", []any{1}, new([]byte), "array", bytesType, -1, "tarantool: cannot decode an array into []uint8"},
		{"string into fixed array", "ab", new([2]int), "string", reflect.TypeFor[[2]int](), -1, "tarantool: cannot decode a string into [2]int"},
		{"array into map", []any{1}, new(map[string]int), "array", reflect.TypeFor[map[string]int](), -1, "tarantool: cannot decode an array into map[string]int"},
		{"string into struct", "x", new(struct{ A int }), "string", reflect.TypeFor[struct{ A int }](), -1, "tarantool: cannot decode a string into struct { A int }"},
		{"string into Tuple", "x", new(Tuple), "string", tupleType, -1, "tarantool: cannot decode a string into box.Tuple"},
		{"decimal into string", decimal.RequireFromString("1.5"), new(string), "decimal", stringT, -1, "tarantool: cannot decode a decimal into string"},
		{"uuid into int", uuid.New(), new(int), "uuid", intT, -1, "tarantool: cannot decode a uuid into int"},
		{"string into decimal", "1.5", new(decimal.Decimal), "string", reflect.TypeFor[decimal.Decimal](), -1, "tarantool: cannot decode a string into decimal.Decimal"},
		{"element of a slice", []any{1, "x"}, new([]int), "string", intT, 1, "tarantool: cannot decode field 1: a string into int"},
		{"element of an array", []any{1, 2, "x"}, new([3]int), "string", intT, 2, "tarantool: cannot decode field 2: a string into int"},
		{"value in a map", map[string]any{"a": "x"}, new(map[string]int), "string", intT, -1, "tarantool: cannot decode a string into int"},
		{"key in a map", map[any]any{"a": "x"}, new(map[int]string), "string", intT, -1, "tarantool: cannot decode a string into int"},
		{"through a pointer", "x", new(*int), "string", intT, -1, "tarantool: cannot decode a string into int"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := decodeValue(iproto.NewDecoder(pack(t, tc.in)), reflect.ValueOf(tc.dst).Elem(), nil, 0)
			checkTypeError(t, err, tc.found, tc.typ, tc.field, "", tc.msg)
		})
	}
}

type item struct {
	ID    int64
	Name  string
	Price float64 `msgpack:"price"`
	Tags  []int
	Sub   struct{ A, B int }
}

// TestDecodeTypeErrorTuples checks the field, struct field and place a
// *TypeError names when tuples decode, as Decode does.
func TestDecodeTypeErrorTuples(t *testing.T) {
	float64T, intT, stringT := reflect.TypeFor[float64](), reflect.TypeFor[int](), reflect.TypeFor[string]()
	for _, tc := range []struct {
		name   string
		tuples []any
		dst    any
		found  string
		typ    reflect.Type
		field  int
		fname  string
		msg    string
	}{
		{"struct field of one tuple", []any{[]any{1, "a", "dear"}}, new(item),
			"string", float64T, 2, "Price", "tarantool: cannot decode field 2 (Price) of the tuple: a string into float64"},
		{"struct field of the second tuple", []any{[]any{1, "a", 1.5}, []any{2, "b", "dear"}}, new([]item),
			"string", float64T, 2, "Price", "tarantool: cannot decode field 2 (Price) of tuple 1: a string into float64"},
		{"element of a slice field", []any{[]any{1, "a", 1.5, []any{1, "x"}}}, new(item),
			"string", intT, 3, "Tags", "tarantool: cannot decode field 3 (Tags) of the tuple: a string into int"},
		{"field of a struct field", []any{[]any{1, "a", 1.5, nil, []any{1, "x"}}}, new(item),
			"string", intT, 4, "Sub", "tarantool: cannot decode field 4 (Sub) of the tuple: a string into int"},
		{"array into a string field", []any{[]any{1, []any{"a"}}}, new([]item),
			"array", stringT, 1, "Name", "tarantool: cannot decode field 1 (Name) of tuple 0: an array into string"},
		{"struct from a map, by name", []any{map[string]any{"ID": 1, "price": "dear"}}, new(item),
			"string", float64T, -1, "Price", "tarantool: cannot decode field Price of the tuple: a string into float64"},
		{"struct from a map with a number key", []any{map[any]any{int64(1): "a"}}, new(item),
			"unsigned", stringT, -1, "", "tarantool: cannot decode the tuple: an unsigned integer into string (the keys of a map decoded into box.item are field names)"},
		{"field of a tuple into a slice", []any{[]any{1, 2}, []any{1, 2, "x"}}, new([][]int),
			"string", intT, 2, "", "tarantool: cannot decode field 2 of tuple 1: a string into int"},
		{"tuple not an array", []any{"x"}, new([]Tuple),
			"string", tupleType, -1, "", "tarantool: cannot decode tuple 0: a string into box.Tuple"},
		{"one-field tuple into a scalar", []any{[]any{"x"}}, new(float64),
			"string", float64T, 0, "", "tarantool: cannot decode field 0 of the tuple: a string into float64"},
		{"tuple of three fields into a scalar", []any{[]any{1, 2, 3}}, new(float64),
			"array", float64T, -1, "", "tarantool: cannot decode the tuple: an array into float64 (it has 3 fields; a scalar takes a tuple of one field)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := iproto.NewDecoder(pack(t, tc.tuples))
			n, err := d.ArrayLen()
			if err != nil {
				t.Fatal(err)
			}
			err = decodeTuples(d, n, tc.dst, nil)
			checkTypeError(t, err, tc.found, tc.typ, tc.field, tc.fname, tc.msg)
			if wrapped := fmt.Errorf("loading items: %w", err); !errors.As(wrapped, new(*TypeError)) {
				t.Errorf("errors.As through a wrapping: got false, want true")
			}
		})
	}
}

// TestDecodeMalformedStillMalformed checks that bytes that are not
// MessagePack, or end too soon, still match iproto.ErrMalformed and are
// not taken for a type mismatch.
func TestDecodeMalformedStillMalformed(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte // DATA: an array of tuples
		dst  any
	}{
		{"truncated string field", []byte{0x91, 0x92, 0x01, 0xa5, 'a'}, new([]item)},
		{"reserved byte 0xc1 as a field", []byte{0x91, 0x92, 0x01, 0xc1}, new(item)},
		{"reserved byte 0xc1 as a tuple", []byte{0x91, 0xc1}, new([]Tuple)},
		{"array claiming more than is left", []byte{0x91, 0x94, 0x01, 0xa1, 'a', 0xcb, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0xdd, 0xff, 0xff, 0xff, 0xff}, new(item)},
		{"truncated extension", []byte{0x91, 0x91, 0xc7, 0x05, 0x01, 0x00}, new([]struct{ S string })},
		{"truncated integer", []byte{0x91, 0x91, 0xcd, 0x01}, new([]struct{ N int })},
		{"truncated map key", []byte{0x91, 0x81, 0xa3, 'I'}, new(item)},
		{"one-field tuple cut short", []byte{0x91, 0x91}, new(float64)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := iproto.NewDecoder(tc.in)
			n, err := d.ArrayLen()
			if err != nil {
				t.Fatal(err)
			}
			err = decodeTuples(d, n, tc.dst, nil)
			if !errors.Is(err, iproto.ErrMalformed) {
				t.Errorf("got %v, want an error matching iproto.ErrMalformed", err)
			}
			if errors.As(err, new(*TypeError)) {
				t.Errorf("got a *TypeError (%v) for malformed bytes", err)
			}
		})
	}
}

// TestDecodeTypeErrorNoAllocs checks that the checks added for type
// mismatches leave decoding into reused destinations allocation-free.
func TestDecodeTypeErrorNoAllocs(t *testing.T) {
	type row struct {
		ID    uint64
		Name  string
		Price float64
		N     int32
		Tags  []int
	}
	data := pack(t, []any{[]any{1, "name", 2.5, -3, []any{1, 2}}, []any{2, "name", 3, 4, []any{3, 4}}})
	var rows []row
	var one row
	decode := func(dst any) {
		d := iproto.NewDecoder(data)
		n, _ := d.ArrayLen()
		if err := decodeTuples(d, n, dst, nil); err != nil {
			t.Fatal(err)
		}
	}
	decode(&rows) // warm: the slices and the struct field cache
	decode(&one)
	for _, tc := range []struct {
		name string
		dst  any
	}{{"slice of structs", &rows}, {"one struct", &one}} {
		var d iproto.Decoder
		if n := testing.AllocsPerRun(200, func() {
			d.Reset(data)
			n, _ := d.ArrayLen()
			if err := decodeTuples(&d, n, tc.dst, nil); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: got %v allocations per decode, want 0", tc.name, n)
		}
	}
}
