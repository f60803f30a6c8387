package box

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// pack builds MessagePack bytes for tests with our own encoder.
func pack(t testing.TB, v any) []byte {
	t.Helper()
	b, err := iproto.AppendValue(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type user struct {
	ID    uint64
	Name  string `msgpack:"name"`
	Skip  int    `msgpack:"-"`
	Email *string
	Tags  []string
	Attrs map[string]any
}

type withEmbedded struct {
	Base
	Extra int8
}

// Base is embedded in withEmbedded.
type Base struct{ A, B int }

func TestDecodeTuples(t *testing.T) {
	email := "a@b.c"
	tuples := []any{
		[]any{1, "ann", &email, []any{"x", "y"}, map[string]any{"k": 1}, "ignored extra field"},
		[]any{2, "bob"},
	}
	data := pack(t, tuples)

	var users []user
	d := iproto.NewDecoder(data)
	n, _ := d.ArrayLen()
	if err := decodeTuples(d, n, &users, nil); err != nil {
		t.Fatal(err)
	}
	want := []user{
		{ID: 1, Name: "ann", Email: &email, Tags: []string{"x", "y"}, Attrs: map[string]any{"k": int64(1)}},
		{ID: 2, Name: "bob"},
	}
	if !reflect.DeepEqual(users, want) {
		t.Errorf("got %+v, want %+v", users, want)
	}

	// Into a reused slice and a single struct.
	var one user
	d = iproto.NewDecoder(data)
	n, _ = d.ArrayLen()
	if err := decodeTuples(d, n, &one, nil); err != nil || one.Name != "ann" {
		t.Errorf("single: %+v %v", one, err)
	}
	d = iproto.NewDecoder(pack(t, []any{}))
	n, _ = d.ArrayLen()
	if err := decodeTuples(d, n, &one, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("no tuple: got %v, want ErrNotFound", err)
	}

	var emb withEmbedded
	d = iproto.NewDecoder(pack(t, []any{[]any{1, 2, 3}}))
	n, _ = d.ArrayLen()
	if err := decodeTuples(d, n, &emb, nil); err != nil || emb != (withEmbedded{Base{1, 2}, 3}) {
		t.Errorf("embedded: %+v %v", emb, err)
	}
}

func TestDecodeValueKinds(t *testing.T) {
	type pair struct {
		X int
		Y string
	}
	for _, tc := range []struct {
		name string
		in   any
		dst  any // pointer to a zero value
		want any
	}{
		{"uint max into uint64", uint64(1<<64 - 1), new(uint64), uint64(1<<64 - 1)},
		{"negative into int8", -128, new(int8), int8(-128)},
		{"int into float", 3, new(float64), 3.0},
		{"float32", float32(1.5), new(float32), float32(1.5)},
		{"bin into string", []byte("raw"), new(string), "raw"},
		{"string into bytes", "s", new([]byte), []byte("s")},
		{"array into fixed array", []any{1, 2, 3}, new([2]int), [2]int{1, 2}},
		{"map into struct by name", map[string]any{"Y": "y", "X": 5, "Z": 1}, new(pair), pair{5, "y"}},
		{"nil into pointer", nil, new(*int), (*int)(nil)},
		{"value into pointer", 7, new(*int), ptr(7)},
		{"map with int keys", map[any]any{int64(1): "a"}, new(map[int]string), map[int]string{1: "a"}},
		{"any", []any{"a", int64(1)}, new(any), []any{"a", int64(1)}},
		{"tuple", []any{"a"}, new(Tuple), Tuple{Values: []any{"a"}}},
	} {
		d := iproto.NewDecoder(pack(t, tc.in))
		err := decodeValue(d, reflect.ValueOf(tc.dst).Elem(), nil, 0)
		if got := reflect.ValueOf(tc.dst).Elem().Interface(); err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %#v %v, want %#v", tc.name, got, err, tc.want)
		}
		if d.Len() != 0 {
			t.Errorf("%s: %d bytes left", tc.name, d.Len())
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestDecodeValueErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   any
		dst  any
		want string
	}{
		{"overflow", 300, new(int8), "tarantool: 300 overflows int8"},
		{"negative into uint", -1, new(uint), "tarantool: -1 overflows uint"},
		{"uint64 beyond int64", uint64(1 << 63), new(int64), "tarantool: 9223372036854775808 overflows int64"},
		{"bad bytes length", []byte{1, 2}, new([4]byte), "2 bytes"},
		{"interface with methods", 1, new(error), "cannot decode"},
		{"chan", 1, new(chan int), "cannot decode"},
	} {
		d := iproto.NewDecoder(pack(t, tc.in))
		err := decodeValue(d, reflect.ValueOf(tc.dst).Elem(), nil, 0)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
		if errors.Is(err, iproto.ErrMalformed) {
			t.Errorf("%s: got %v, which matches iproto.ErrMalformed; want it not to (the bytes are well-formed)", tc.name, err)
		}
	}
	// Type mismatches (a string into an int ...) are *TypeError: see
	// TestDecodeTypeError.
}

func TestTupleNames(t *testing.T) {
	sp := &Space{Name: "kv", Fields: []Field{{Name: "k"}, {Name: "v"}, {Name: "extra"}}}
	newSchema(1, []*Space{sp}, nil)
	tu := Tuple{Values: []any{int64(1), "a"}, space: sp}
	if v, ok := tu.Get("v"); !ok || v != "a" {
		t.Errorf("Get(v) = %v %v", v, ok)
	}
	if v, ok := tu.Get("extra"); !ok || v != nil {
		t.Errorf("Get(extra) beyond the end = %v %v, want nil true", v, ok)
	}
	if _, ok := tu.Get("nope"); ok {
		t.Error("Get of an unknown name succeeded")
	}
	if m := tu.Map(); !reflect.DeepEqual(m, map[string]any{"k": int64(1), "v": "a"}) {
		t.Errorf("Map() = %v", m)
	}
	if tu.At(5) != nil || tu.At(-1) != nil || tu.Len() != 2 {
		t.Error("At out of range")
	}
}

func TestDecodeSchemaViews(t *testing.T) {
	// As 2.6.0 returns them (iproto reference §11).
	spaces, err := decodeSpaces([]any{
		[]any{int64(513), int64(1), "kv", "memtx", int64(0), map[string]any{}, []any{
			map[string]any{"name": "k", "type": "unsigned"},
			map[string]any{"type": "string", "name": "v", "is_nullable": true},
		}},
	})
	if err != nil || len(spaces) != 1 || spaces[0].ID != 513 || spaces[0].Fields[1] != (Field{"v", "string", true}) {
		t.Fatalf("spaces: %+v %v", spaces, err)
	}
	indexes, err := decodeIndexes([]any{
		[]any{int64(513), int64(0), "pk", "tree", map[string]any{"unique": true}, []any{[]any{int64(0), "unsigned"}}},
		[]any{int64(513), int64(1), "by_v", "tree", map[string]any{"unique": false},
			[]any{map[string]any{"field": int64(1), "is_nullable": true, "type": "string"}}},
	})
	if err != nil || len(indexes) != 2 {
		t.Fatalf("indexes: %+v %v", indexes, err)
	}
	if indexes[0].Parts[0] != (Part{Field: 0, Type: "unsigned"}) || indexes[1].Parts[0] != (Part{Field: 1, Type: "string", IsNullable: true}) {
		t.Errorf("parts: %+v %+v", indexes[0].Parts, indexes[1].Parts)
	}
	s := newSchema(7, spaces, indexes)
	if sp, _ := s.Space("kv"); sp == nil || len(sp.Indexes()) != 2 {
		t.Errorf("schema: %+v", sp)
	}
	for _, bad := range [][]any{{"not a tuple"}, {[]any{"id", 1, "x"}}, {[]any{int64(1)}}} {
		if _, err := decodeSpaces(bad); err == nil {
			t.Errorf("decodeSpaces(%v) succeeded", bad)
		}
		if _, err := decodeIndexes(bad); err == nil {
			t.Errorf("decodeIndexes(%v) succeeded", bad)
		}
	}
	if _, err := decodeIndexes([]any{[]any{int64(1), int64(0), "pk", "tree", map[string]any{}, []any{"bad part"}}}); err == nil {
		t.Error("a malformed part was accepted")
	}
}

func TestOpsEncoding(t *testing.T) {
	ops := NewOps().Assign("v", "x").Add(2, 1).Sub(-1, 2).BitAnd(3, 1).BitOr(3, 2).BitXor(3, 4).
		Insert(1, nil).Delete(4, 2).Splice("s", 1, 2, "ab")
	got, err := ops.AppendMsgpack(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := pack(t, []any{
		[]any{"=", "v", "x"}, []any{"+", 2, 1}, []any{"-", -1, 2}, []any{"&", 3, uint64(1)},
		[]any{"|", 3, uint64(2)}, []any{"^", 3, uint64(4)}, []any{"!", 1, nil}, []any{"#", 4, uint32(2)},
		[]any{":", "s", 1, 2, "ab"},
	})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got % x\nwant % x", got, want)
	}
	if ops.Len() != 9 {
		t.Errorf("Len() = %d", ops.Len())
	}
	if _, err := NewOps().Assign(struct{}{}, 1).AppendMsgpack(nil); err == nil {
		t.Error("a struct field reference was accepted")
	}
	if got, _ := (*Ops)(nil).AppendMsgpack(nil); !reflect.DeepEqual(got, []byte{0x90}) {
		t.Errorf("nil ops: % x", got)
	}
}
