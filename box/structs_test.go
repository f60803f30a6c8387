package box

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

// Structs to embed in the cases of structCases.
type (
	SfBase struct {
		ID   uint64
		Note string
	}
	sfBase struct {
		ID   uint64
		Note string
	}
	SfOther struct {
		ID    uint64
		Other string
	}
	SfExtra struct {
		A int64
		B string
	}
	SfPtrs struct{ P *string }
)

// structCase is a struct value, the tuple it is (every case encodes to
// it, and it decodes back to want), and, for a type that breaks the
// rule, the error both directions give.
type structCase struct {
	name  string
	v     any   // the struct; its first tuple field is a unique unsigned key
	tuple []any // what v encodes as
	want  any   // what tuple decodes to; nil: v itself
	err   string
}

// structCases is the rule of internal/structfields, case by case.
func structCases() []structCase {
	note := "x"
	return []structCase{
		{name: "flat, unexported and - left out", v: struct {
			ID     uint64
			Name   string `msgpack:"name"`
			Skip   int    `msgpack:"-"`
			hidden int
		}{1, "ann", 5, 6}, tuple: []any{uint64(1), "ann"}, want: struct {
			ID     uint64
			Name   string `msgpack:"name"`
			Skip   int    `msgpack:"-"`
			hidden int
		}{1, "ann", 0, 0}},
		{name: "embedded value", v: struct {
			SfBase
			Name string
		}{SfBase{2, "n"}, "ann"}, tuple: []any{uint64(2), "n", "ann"}},
		{name: "embedded pointer", v: struct {
			*SfBase
			Name string
		}{&SfBase{3, "n"}, "ann"}, tuple: []any{uint64(3), "n", "ann"}},
		{name: "unexported embedded value", v: struct {
			sfBase
			Name string
		}{sfBase{4, "n"}, "ann"}, tuple: []any{uint64(4), "n", "ann"}},
		{name: "embedded with a tag name nested", v: struct {
			ID      uint64
			SfExtra `msgpack:"extra"`
			Name    string
		}{5, SfExtra{7, "x"}, "ann"}, tuple: []any{uint64(5), []any{int64(7), "x"}, "ann"}},
		{name: "noinline nested", v: struct {
			ID       uint64
			*SfExtra `msgpack:",noinline"`
		}{6, &SfExtra{7, "x"}}, tuple: []any{uint64(6), []any{int64(7), "x"}}},
		{name: "embedded tagged - left out", v: struct {
			ID      uint64
			SfExtra `msgpack:"-"`
			Name    string
		}{7, SfExtra{1, "x"}, "ann"}, tuple: []any{uint64(7), "ann"}, want: struct {
			ID      uint64
			SfExtra `msgpack:"-"`
			Name    string
		}{7, SfExtra{}, "ann"}},
		{name: "outer field hides an embedded one", v: struct {
			ID uint64
			SfBase
		}{8, SfBase{99, "n"}}, tuple: []any{uint64(8), "n"}, want: struct {
			ID uint64
			SfBase
		}{8, SfBase{0, "n"}}},
		{name: "outer tag name hides an embedded field", v: struct {
			K uint64 `msgpack:"ID"`
			SfBase
		}{9, SfBase{99, "n"}}, tuple: []any{uint64(9), "n"}, want: struct {
			K uint64 `msgpack:"ID"`
			SfBase
		}{9, SfBase{0, "n"}}},
		{name: "nil embedded pointer keeps positions", v: struct {
			ID uint64
			*SfExtra
			Name string
		}{10, nil, "ann"}, tuple: []any{uint64(10), nil, nil, "ann"}},
		{name: "set embedded pointer", v: struct {
			ID uint64
			*SfExtra
			Name string
		}{11, &SfExtra{-7, "x"}, "ann"}, tuple: []any{uint64(11), int64(-7), "x", "ann"}},
		{name: "embedded pointer with a value", v: struct {
			ID uint64
			*SfPtrs
		}{12, &SfPtrs{&note}}, tuple: []any{uint64(12), &note}},
		{name: "embedded pointer of nil fields decodes as nil", v: struct {
			ID uint64
			*SfPtrs
		}{13, &SfPtrs{}}, tuple: []any{uint64(13), nil}, want: struct {
			ID uint64
			*SfPtrs
		}{13, nil}},
		{name: "omitempty writes empty fields", v: struct {
			ID   uint64
			Note string `msgpack:"note,omitempty"`
			N    int64  `msgpack:",omitempty"`
			P    *int   `msgpack:",omitempty"`
		}{ID: 14}, tuple: []any{uint64(14), "", int64(0), nil}},
		{name: "as_array marker", v: struct {
			_msgpack struct{} `msgpack:",as_array"`
			ID       uint64
			Name     string
		}{ID: 15, Name: "ann"}, tuple: []any{uint64(15), "ann"}},
		{name: "embedded time.Time is one field", v: struct {
			ID uint64
			time.Time
		}{16, time.Unix(1700000000, 5).UTC()}, tuple: []any{uint64(16), time.Unix(1700000000, 5).UTC()}},
		{name: "fields named alike at one depth", v: struct {
			SfBase
			SfOther
		}{SfBase{17, "n"}, SfOther{17, "o"}}, tuple: []any{uint64(17), "n", uint64(17), "o"},
			err: `two fields named "ID" at the same depth, SfBase.ID and SfOther.ID`},
	}
}

// decodeNew decodes data into a new value of v's type.
func decodeNew(data []byte, v any) (any, error) {
	dst := reflect.New(reflect.TypeOf(v))
	err := decodeValue(iproto.NewDecoder(data), dst.Elem(), nil, 0)
	return dst.Elem().Interface(), err
}

// TestStructRule checks that the encoder and the decoder take a struct's
// fields alike: each case encodes to its tuple and the tuple decodes to
// the value, or both refuse the type with the same error.
func TestStructRule(t *testing.T) {
	for _, tc := range structCases() {
		t.Run(tc.name, func(t *testing.T) {
			tuple, err := iproto.AppendValue(nil, tc.tuple)
			if err != nil {
				t.Fatal(err)
			}
			enc, encErr := iproto.AppendValue(nil, tc.v)
			got, decErr := decodeNew(tuple, tc.v)
			if tc.err != "" {
				for what, err := range map[string]error{"encode": encErr, "decode": decErr} {
					if err == nil || !strings.Contains(err.Error(), tc.err) {
						t.Errorf("%s: got error %v, want one containing %q", what, err, tc.err)
					}
				}
				return
			}
			if encErr != nil || decErr != nil {
				t.Fatalf("got errors %v (encode), %v (decode)", encErr, decErr)
			}
			if !bytes.Equal(enc, tuple) {
				t.Errorf("encode: got % x, want % x", enc, tuple)
			}
			want := tc.want
			if want == nil {
				want = tc.v
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("decode: got %+v, want %+v", got, want)
			}
			// What decoding gave encodes to the same tuple.
			if again, err := iproto.AppendValue(nil, got); err != nil || !bytes.Equal(again, tuple) {
				t.Errorf("encode of the decoded value: got % x %v, want % x", again, err, tuple)
			}
		})
	}
}

// TestStructRoundTrip inserts every case into a space without a format
// and reads it back with Insert's reply, Get and Select.
func TestStructRoundTrip(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c, err := Connect(ctx, s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	space := fmt.Sprintf("structs_%d", time.Now().UnixNano())
	if err := c.Eval(ctx, `local sp = box.schema.space.create(...)
		sp:create_index('pk', {parts = {{1, 'unsigned'}}})`, space).Err(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Eval(ctx, "box.space[...]:drop()", space).Release() })

	for _, tc := range structCases() {
		t.Run(tc.name, func(t *testing.T) {
			typ := reflect.TypeOf(tc.v)
			if tc.err != "" {
				err := c.Insert(ctx, space, tc.v).Err()
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("insert: got error %v, want one containing %q", err, tc.err)
				}
				if err := c.Insert(ctx, space, tc.tuple).Err(); err != nil {
					t.Fatal(err)
				}
				dst := reflect.New(typ).Interface()
				err = c.Get(ctx, space, nil, tc.tuple[0], dst)
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("get: got error %v, want one containing %q", err, tc.err)
				}
				return
			}
			want := tc.want
			if want == nil {
				want = tc.v
			}
			inserted := reflect.New(typ)
			if err := c.Insert(ctx, space, tc.v).Decode(inserted.Interface()); err != nil {
				t.Fatalf("insert: %v", err)
			}
			if got := inserted.Elem().Interface(); !reflect.DeepEqual(got, want) {
				t.Errorf("insert's reply: got %+v, want %+v", got, want)
			}
			got := reflect.New(typ)
			if err := c.Get(ctx, space, nil, tc.tuple[0], got.Interface()); err != nil {
				t.Fatalf("get: %v", err)
			}
			if !reflect.DeepEqual(got.Elem().Interface(), want) {
				t.Errorf("get: got %+v, want %+v", got.Elem().Interface(), want)
			}
			rows := reflect.New(reflect.SliceOf(typ))
			if err := c.Select(ctx, space, nil, tc.tuple[0], nil).Decode(rows.Interface()); err != nil {
				t.Fatalf("select: %v", err)
			}
			if rows.Elem().Len() != 1 || !reflect.DeepEqual(rows.Elem().Index(0).Interface(), want) {
				t.Errorf("select: got %+v, want [%+v]", rows.Elem().Interface(), want)
			}
			// The server keeps the tuple as the case says.
			var stored Tuple
			if err := c.Get(ctx, space, nil, tc.tuple[0], &stored); err != nil {
				t.Fatal(err)
			}
			wantStored, _ := decodeNew(mustAppend(t, tc.tuple), []any(nil))
			if !reflect.DeepEqual(stored.Values, wantStored) {
				t.Errorf("stored tuple: got %v, want %v", stored.Values, wantStored)
			}
		})
	}
}

func mustAppend(t *testing.T, v any) []byte {
	t.Helper()
	b, err := iproto.AppendValue(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestStructFromMapByName decodes a Lua table, a MessagePack map, into a
// struct by field names, through an embedded pointer it allocates.
func TestStructFromMapByName(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c, err := Connect(ctx, s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	type row struct {
		*SfBase
		Name string `msgpack:"name"`
		Skip string `msgpack:"-"`
	}
	var got row
	if err := c.Eval(ctx, `return {ID = 7, Note = 'n', name = 'ann', Skip = 'no', Other = 1}`).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if want := (row{&SfBase{7, "n"}, "ann", ""}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	var only row
	if err := c.Eval(ctx, `return {name = 'bob'}`).Decode(&only); err != nil || only.SfBase != nil || only.Name != "bob" {
		t.Errorf("no embedded field in the map: got %+v %v, want SfBase nil and Name bob", only, err)
	}
}

// TestStructEmbeddedPointerDecode checks decoding through embedded
// pointers: nil values leave them nil, a TypeError names the promoted
// field, and a nil pointer to an unexported struct (which reflection
// cannot set) is an error unless set beforehand.
func TestStructEmbeddedPointerDecode(t *testing.T) {
	type exported struct {
		*SfBase
		Name string
	}
	var e exported
	if err := decodeValue(iproto.NewDecoder(mustAppend(t, []any{nil, nil, "ann"})), reflect.ValueOf(&e).Elem(), nil, 0); err != nil || e.SfBase != nil || e.Name != "ann" {
		t.Errorf("nil values: got %+v %v, want SfBase nil", e, err)
	}
	err := decodeValue(iproto.NewDecoder(mustAppend(t, []any{"x", "n", "ann"})), reflect.ValueOf(&e).Elem(), nil, 0)
	var te *TypeError
	if !errors.As(err, &te) || te.Field != 0 || te.Name != "SfBase.ID" {
		t.Errorf("string into the promoted ID: got %v, want a TypeError of field 0 (SfBase.ID)", err)
	}
	// A reused value: a shorter tuple zeroes the fields it lacks, also
	// behind the pointer, and leaves a nil one nil.
	e = exported{&SfBase{1, "n"}, "ann"}
	if err := decodeValue(iproto.NewDecoder(mustAppend(t, []any{uint64(2)})), reflect.ValueOf(&e).Elem(), nil, 0); err != nil || !reflect.DeepEqual(e, exported{&SfBase{2, ""}, ""}) {
		t.Errorf("shorter tuple into a set value: got %+v %v", e, err)
	}
	e = exported{}
	if err := decodeValue(iproto.NewDecoder(mustAppend(t, []any{})), reflect.ValueOf(&e).Elem(), nil, 0); err != nil || e.SfBase != nil {
		t.Errorf("empty tuple: got %+v %v, want SfBase nil", e, err)
	}

	type unexported struct {
		*sfBase
		Name string
	}
	data := mustAppend(t, unexported{&sfBase{1, "n"}, "ann"})
	if want := mustAppend(t, []any{uint64(1), "n", "ann"}); !bytes.Equal(data, want) {
		t.Errorf("encode: got % x, want % x", data, want)
	}
	var u unexported
	err = decodeValue(iproto.NewDecoder(data), reflect.ValueOf(&u).Elem(), nil, 0)
	if err == nil || !strings.Contains(err.Error(), "unexported struct box.sfBase") {
		t.Errorf("into a nil pointer to an unexported struct: got %v, want an error naming box.sfBase", err)
	}
	u = unexported{sfBase: &sfBase{}}
	if err := decodeValue(iproto.NewDecoder(data), reflect.ValueOf(&u).Elem(), nil, 0); err != nil || !reflect.DeepEqual(u, unexported{&sfBase{1, "n"}, "ann"}) {
		t.Errorf("into a set pointer to an unexported struct: got %+v %v", u, err)
	}
}

// TestStructEmbeddedNoAllocs guards decoding and encoding a struct with
// embedded fields: no allocation once the type's fields are known.
func TestStructEmbeddedNoAllocs(t *testing.T) {
	type row struct {
		*SfBase
		SfExtra
		Name string
	}
	v := row{&SfBase{1, "n"}, SfExtra{2, "x"}, "ann"}
	data := mustAppend(t, v)
	var got row
	dst := reflect.ValueOf(&got).Elem()
	var d iproto.Decoder
	buf := make([]byte, 0, 64)
	var boxed any = v
	if err := decodeValue(iproto.NewDecoder(data), dst, nil, 0); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() {
		d.Reset(data)
		if err := decodeValue(&d, dst, nil, 0); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("decode: got %v allocations, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		var err error
		if buf, err = iproto.AppendValue(buf[:0], boxed); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("encode: got %v allocations, want 0", n)
	}
}
