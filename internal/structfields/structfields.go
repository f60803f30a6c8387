// Package structfields is the one rule by which a Go struct maps to a
// Tarantool tuple: iproto's encoder and box's decoder both take a
// struct's fields from [Of], so what one writes the other reads.
//
// # The rule
//
// A struct is a tuple of its fields in declaration order, with embedded
// structs flattened into it, as encoding/json and
// github.com/vmihailenco/msgpack/v5 promote their fields:
//
//   - An exported field is one tuple field. An unexported one is left out,
//     and so is one tagged `msgpack:"-"`.
//   - An embedded (anonymous) struct or pointer to a struct, exported or
//     not, is replaced by its own fields, recursively, in their order.
//     It stays one (nested) field when its tag gives it a name
//     (`msgpack:"base"`, as encoding/json; msgpack/v5 would flatten it),
//     when tagged `msgpack:",noinline"` (as msgpack/v5), or when its type
//     encodes itself: time.Time, decimal.Decimal, or a type whose value or
//     pointer has AppendMsgpack (iproto.Marshaler, such as iproto.Interval).
//     `msgpack:"name,inline"` flattens a named one. An unexported
//     embedded field that stays one field is left out, like any
//     unexported field.
//   - A field's name, used to decode from a MessagePack map, is its tag's
//     name or else its Go name.
//   - Names that clash are settled as Go and encoding/json settle them:
//     the field at the shallowest depth of embedding wins and the deeper
//     ones are left out (an outer ID hides an embedded struct's ID). Two
//     at the same shallowest depth are an error naming both, where
//     encoding/json would silently drop both: leaving fields out of a
//     tuple moves every field after them. Tag one with another name or
//     `msgpack:"-"`, or give the embedded struct a name to nest it.
//   - Tag options other than inline and noinline (omitempty, as_array ...)
//     change nothing: a tuple's fields are positions, so every field is
//     written even when empty, as msgpack/v5 does for a struct it encodes
//     as an array (as_array); and a struct is always an array here.
//
// A field promoted through an embedded pointer that is nil has no value:
// the encoder writes nil in its place, so that the fields after it keep
// their positions (as msgpack/v5 does with as_array), and the decoder
// allocates the embedded struct when such a field gets a value that is
// not nil, leaving the pointer nil when every value is nil.
package structfields

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// Field is one field of the tuple a struct type maps to.
type Field struct {
	// Index is the path to the field from the outer struct, as
	// reflect.Value.FieldByIndex takes it: one element for a field of
	// the struct itself, one more per embedded struct it is promoted
	// from.
	Index []int
	// Name is the field's key in a MessagePack map: the msgpack tag's
	// name, or the Go name.
	Name string
	// GoName is the field's Go selector from the outer struct, through
	// the embedded structs it is promoted from: "Name", "Base.ID".
	GoName string
}

// Fields is the tuple a struct type maps to.
type Fields struct {
	// List holds the fields in tuple order.
	List []Field

	byName map[string]int // index into List
	err    error
}

// Err reports why the struct type cannot map to a tuple (two fields with
// one name at the same depth), or nil.
func (fs *Fields) Err() error { return fs.err }

// ByName returns the field with the given map key, or nil. It does not
// allocate.
func (fs *Fields) ByName(name []byte) *Field {
	i, ok := fs.byName[string(name)]
	if !ok {
		return nil
	}
	return &fs.List[i]
}

var cache sync.Map // reflect.Type -> *Fields

// Of returns the tuple fields of struct type t, computed once per type.
// When the type breaks the rule, Err says how and List is empty.
func Of(t reflect.Type) *Fields {
	if fs, ok := cache.Load(t); ok {
		return fs.(*Fields)
	}
	fs := walk(t)
	actual, _ := cache.LoadOrStore(t, fs)
	return actual.(*Fields)
}

// Value returns the field of the struct value v. ok is false when an
// embedded pointer on the way is nil: the field has no value.
func (f *Field) Value(v reflect.Value) (fv reflect.Value, ok bool) {
	if len(f.Index) == 1 {
		return v.Field(f.Index[0]), true
	}
	for i, x := range f.Index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// Alloc returns the field of the settable struct value v, allocating the
// nil embedded pointers on the way. A nil pointer to an unexported struct
// type cannot be set through reflection; that is an error, as in
// encoding/json.
func (f *Field) Alloc(v reflect.Value) (reflect.Value, error) {
	if len(f.Index) == 1 {
		return v.Field(f.Index[0]), nil
	}
	outer := v.Type()
	for i, x := range f.Index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, fmt.Errorf("cannot allocate the nil embedded pointer to unexported struct %s in %s; embed an exported type or set the pointer before decoding", v.Type().Elem(), outer)
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, nil
}

// candidate is a field found by the walk, before clashes are settled.
type candidate struct {
	Field
	dupOf reflect.Type // its struct, when embedded more than once at its depth
}

type level struct {
	t      reflect.Type
	index  []int
	goName string // selector prefix: "" or "Base."
}

// walk lists the fields of t breadth first, one depth of embedding at a
// time, as encoding/json's typeFields does.
func walk(t reflect.Type) *Fields {
	var found []candidate
	next := []level{{t: t}}
	visited := map[reflect.Type]bool{}
	var count, nextCount map[reflect.Type]int
	for len(next) > 0 {
		current := next
		next = nil
		count, nextCount = nextCount, map[reflect.Type]int{}
		for _, lv := range current {
			if visited[lv.t] {
				continue // met at a shallower depth, where its fields win
			}
			visited[lv.t] = true
			for i := 0; i < lv.t.NumField(); i++ {
				sf := lv.t.Field(i)
				name, opts, _ := strings.Cut(sf.Tag.Get("msgpack"), ",")
				if name == "-" {
					continue
				}
				index := append(slices.Clip(lv.index), i)
				if et := embeddedStruct(sf); et != nil && flattens(name, opts, et) {
					nextCount[et]++
					if nextCount[et] == 1 {
						next = append(next, level{t: et, index: index, goName: lv.goName + sf.Name + "."})
					}
					continue
				}
				if !sf.IsExported() {
					continue
				}
				if name == "" {
					name = sf.Name
				}
				c := candidate{Field: Field{Index: index, Name: name, GoName: lv.goName + sf.Name}}
				if count[lv.t] > 1 {
					c.dupOf = lv.t
				}
				found = append(found, c)
			}
		}
	}
	return settle(found)
}

// embeddedStruct returns the struct type of an embedded field, through a
// pointer, or nil when sf is not an embedded struct.
func embeddedStruct(sf reflect.StructField) reflect.Type {
	if !sf.Anonymous {
		return nil
	}
	t := sf.Type
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	return t
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	decimalType = reflect.TypeFor[decimal.Decimal]()
	// appender is iproto.Marshaler, which this package cannot import.
	appender = reflect.TypeFor[interface {
		AppendMsgpack(dst []byte) ([]byte, error)
	}]()
)

// flattens reports whether an embedded struct of type t, tagged with name
// and options opts, is replaced by its fields.
func flattens(name, opts string, t reflect.Type) bool {
	if hasOption(opts, "noinline") {
		return false
	}
	if name != "" && !hasOption(opts, "inline") {
		return false
	}
	return t != timeType && t != decimalType && !t.Implements(appender) && !reflect.PointerTo(t).Implements(appender)
}

func hasOption(opts, want string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == want {
			return true
		}
	}
	return false
}

// settle drops the fields hidden by shallower ones of the same name,
// reports clashes at equal depth, and puts the rest in tuple order.
func settle(found []candidate) *Fields {
	byName := make(map[string][]int, len(found)) // name -> indexes into found
	for i, c := range found {
		byName[c.Name] = append(byName[c.Name], i)
	}
	fs := &Fields{byName: make(map[string]int, len(found))}
	for i, c := range found {
		same := byName[c.Name]
		shallowest := true
		for _, j := range same {
			if len(found[j].Index) < len(c.Index) {
				shallowest = false
				break
			}
		}
		if !shallowest {
			continue
		}
		for _, j := range same {
			if j != i && len(found[j].Index) == len(c.Index) {
				return &Fields{err: fmt.Errorf("two fields named %q at the same depth, %s and %s; rename one with a msgpack tag, tag one `msgpack:\"-\"`, or tag the embedded struct with a name to nest it", c.Name, c.GoName, found[j].GoName)}
			}
		}
		if c.dupOf != nil {
			return &Fields{err: fmt.Errorf("%s is embedded twice at the same depth, so its field %q is there twice; tag one embedding with a name to nest it", c.dupOf, c.Name)}
		}
		fs.List = append(fs.List, c.Field)
	}
	slices.SortFunc(fs.List, func(a, b Field) int { return slices.Compare(a.Index, b.Index) })
	for i, f := range fs.List {
		fs.byName[f.Name] = i
	}
	return fs
}
