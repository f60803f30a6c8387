package structfields

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

type Base struct {
	ID   uint64
	Note string
}

type base struct {
	ID   uint64
	Note string
}

type Other struct {
	ID    uint64
	Other string
}

type Deep struct{ Base }

type Twice1 struct{ Leaf }
type Twice2 struct{ Leaf }
type Leaf struct{ X int }

type Node struct {
	*Node
	V int
}

type Tags []string
type tags []string

// SelfValue encodes itself (iproto.Marshaler) with a value receiver.
type SelfValue struct{ A int }

func (SelfValue) AppendMsgpack(dst []byte) ([]byte, error) { return dst, nil }

// SelfPointer encodes itself with a pointer receiver.
type SelfPointer struct{ A int }

func (*SelfPointer) AppendMsgpack(dst []byte) ([]byte, error) { return dst, nil }

// f builds a Field: Name, GoName and the index path.
func f(name, goName string, index ...int) Field {
	return Field{Index: index, Name: name, GoName: goName}
}

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any // a value of the struct type
		want []Field
		err  string // part of the error, when the type breaks the rule
	}{
		{"flat: unexported and - left out, tag names", struct {
			A int
			b int
			C string `msgpack:"c"`
			D int    `msgpack:"-"`
			E int    `msgpack:"-,omitempty"`
		}{}, []Field{f("A", "A", 0), f("c", "C", 2)}, ""},
		{"embedded value flattened", struct {
			Base
			Name string
		}{}, []Field{f("ID", "Base.ID", 0, 0), f("Note", "Base.Note", 0, 1), f("Name", "Name", 1)}, ""},
		{"embedded pointer flattened", struct {
			*Base
			Name string
		}{}, []Field{f("ID", "Base.ID", 0, 0), f("Note", "Base.Note", 0, 1), f("Name", "Name", 1)}, ""},
		{"unexported embedded value flattened", struct {
			base
			Name string
		}{}, []Field{f("ID", "base.ID", 0, 0), f("Note", "base.Note", 0, 1), f("Name", "Name", 1)}, ""},
		{"unexported embedded pointer flattened", struct {
			Name string
			*base
		}{}, []Field{f("Name", "Name", 0), f("ID", "base.ID", 1, 0), f("Note", "base.Note", 1, 1)}, ""},
		{"embedded two deep", struct {
			Deep
			Name string
		}{}, []Field{f("ID", "Deep.Base.ID", 0, 0, 0), f("Note", "Deep.Base.Note", 0, 0, 1), f("Name", "Name", 1)}, ""},
		{"embedded with a tag name nested", struct {
			Base `msgpack:"base"`
			Name string
		}{}, []Field{f("base", "Base", 0), f("Name", "Name", 1)}, ""},
		{"noinline nested", struct {
			*Base `msgpack:",noinline"`
		}{}, []Field{f("Base", "Base", 0)}, ""},
		{"inline flattens a named one", struct {
			Base `msgpack:"b,inline"`
		}{}, []Field{f("ID", "Base.ID", 0, 0), f("Note", "Base.Note", 0, 1)}, ""},
		{"embedded tagged - left out", struct {
			Base `msgpack:"-"`
			Name string
		}{}, []Field{f("Name", "Name", 1)}, ""},
		{"unexported embedded with a name left out", struct {
			base `msgpack:"b"`
			Name string
		}{}, []Field{f("Name", "Name", 1)}, ""},
		{"omitempty and as_array change nothing", struct {
			_msgpack struct{} `msgpack:",as_array"`
			A        int      `msgpack:"a,omitempty"`
			B        string   `msgpack:",omitempty"`
		}{}, []Field{f("a", "A", 1), f("B", "B", 2)}, ""},
		{"embedded non-struct is a field", struct {
			Tags
			tags
		}{}, []Field{f("Tags", "Tags", 0)}, ""},
		{"self-encoding types are one field", struct {
			time.Time
			decimal.Decimal
			SelfValue
			*SelfPointer
		}{}, []Field{f("Time", "Time", 0), f("Decimal", "Decimal", 1), f("SelfValue", "SelfValue", 2), f("SelfPointer", "SelfPointer", 3)}, ""},
		{"outer field hides an embedded one", struct {
			Base
			ID string
		}{}, []Field{f("Note", "Base.Note", 0, 1), f("ID", "ID", 1)}, ""},
		{"outer tag name hides an embedded field", struct {
			K uint64 `msgpack:"ID"`
			Base
		}{}, []Field{f("ID", "K", 0), f("Note", "Base.Note", 1, 1)}, ""},
		{"tag name under another Go name is no clash", struct {
			ID uint64 `msgpack:"id"`
			Base
		}{}, []Field{f("id", "ID", 0), f("ID", "Base.ID", 1, 0), f("Note", "Base.Note", 1, 1)}, ""},
		{"shallower embedded field wins", struct {
			Base
			Deep
		}{}, []Field{f("ID", "Base.ID", 0, 0), f("Note", "Base.Note", 0, 1)}, ""},
		{"recursive embedding stops", Node{}, []Field{f("V", "V", 1)}, ""},
		{"clash at one depth", struct {
			Base
			Other
		}{}, nil, `two fields named "ID" at the same depth, Base.ID and Other.ID`},
		{"clash of tags", struct {
			A int `msgpack:"x"`
			B int `msgpack:"x"`
		}{}, nil, `two fields named "x" at the same depth, A and B`},
		{"tag against a Go name", struct {
			A int `msgpack:"B"`
			B int
		}{}, nil, `two fields named "B" at the same depth`},
		{"one struct embedded twice", struct {
			Twice1
			Twice2
		}{}, nil, `structfields.Leaf is embedded twice at the same depth, so its field "X" is there twice`},
		{"clash hidden by a shallower field", struct {
			ID uint64
			Base
			Other
		}{}, []Field{f("ID", "ID", 0), f("Note", "Base.Note", 1, 1), f("Other", "Other.Other", 2, 1)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := Of(reflect.TypeOf(tc.v))
			if tc.err != "" {
				if fs.Err() == nil || !strings.Contains(fs.Err().Error(), tc.err) {
					t.Fatalf("got error %v, want one containing %q", fs.Err(), tc.err)
				}
				if len(fs.List) != 0 {
					t.Errorf("got fields %v with the error, want none", fs.List)
				}
				return
			}
			if fs.Err() != nil {
				t.Fatalf("got error %v", fs.Err())
			}
			if !reflect.DeepEqual(fs.List, tc.want) {
				t.Errorf("got fields %+v, want %+v", fs.List, tc.want)
			}
			for i := range fs.List {
				if got := fs.ByName([]byte(fs.List[i].Name)); got != &fs.List[i] {
					t.Errorf("ByName(%q): got %v, want field %d", fs.List[i].Name, got, i)
				}
			}
			if got := fs.ByName([]byte("no such field")); got != nil {
				t.Errorf("ByName of an unknown name: got %v, want nil", got)
			}
		})
	}
}

func TestOfCached(t *testing.T) {
	typ := reflect.TypeFor[struct {
		*Base
		Name string
	}]()
	first := Of(typ)
	if Of(typ) != first {
		t.Error("second Of returned another *Fields, want the cached one")
	}
	if n := testing.AllocsPerRun(100, func() { Of(typ).ByName([]byte("Note")) }); n != 0 {
		t.Errorf("cached Of and ByName: got %v allocations, want 0", n)
	}
}

func TestValueAndAlloc(t *testing.T) {
	type outer struct {
		Name string
		*Base
	}
	type lower struct{ *base }
	fs := Of(reflect.TypeFor[outer]())
	var v outer
	rv := reflect.ValueOf(&v).Elem()
	name, id := fs.ByName([]byte("Name")), fs.ByName([]byte("ID"))
	lowID := Of(reflect.TypeFor[lower]()).ByName([]byte("ID"))
	if id == nil || name == nil || lowID == nil {
		t.Fatalf("fields %+v, want Name and ID", fs.List)
	}

	if _, ok := name.Value(rv); !ok {
		t.Error("Value of a direct field: got ok false")
	}
	if _, ok := id.Value(rv); ok {
		t.Error("Value behind a nil embedded pointer: got ok true, want false")
	}
	fv, err := id.Alloc(rv)
	if err != nil || v.Base == nil {
		t.Fatalf("Alloc: got Base %v, error %v; want Base allocated", v.Base, err)
	}
	fv.SetUint(7)
	if got, ok := id.Value(rv); !ok || got.Uint() != 7 || v.ID != 7 {
		t.Errorf("Value after Alloc: got %v %v, want 7 true", got, ok)
	}

	var l lower
	if _, err := lowID.Alloc(reflect.ValueOf(&l).Elem()); err == nil || !strings.Contains(err.Error(), "unexported struct structfields.base") {
		t.Errorf("Alloc through a nil pointer to an unexported struct: got %v, want an error naming it", err)
	}
	l.base = &base{ID: 3}
	if got, ok := lowID.Value(reflect.ValueOf(&l).Elem()); !ok || got.Uint() != 3 {
		t.Errorf("Value through a set pointer to an unexported struct: got %v %v, want 3 true", got, ok)
	}
}

// TestOfConcurrent has goroutines meet a type for the first time at once:
// they all get the same Fields (run it with -race).
func TestOfConcurrent(t *testing.T) {
	type fresh struct {
		*Base
		N int
	}
	typ := reflect.TypeFor[fresh]()
	got := make(chan *Fields)
	for i := 0; i < 8; i++ {
		go func() { got <- Of(typ) }()
	}
	first := <-got
	for i := 1; i < 8; i++ {
		if fs := <-got; fs != first {
			t.Fatalf("goroutine %d got another *Fields", i)
		}
	}
	if len(first.List) != 3 {
		t.Errorf("got %d fields, want 3", len(first.List))
	}
}
