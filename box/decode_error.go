package box

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/tntsql/tarantool/iproto"
)

// TypeError reports a value of a reply that is well-formed MessagePack but
// does not fit the Go value Decode was filling: a string where the struct
// field is an int, an array into a string. Unlike malformed bytes, which
// match iproto.ErrMalformed, it does not match iproto.ErrMalformed: the
// reply was read whole and the connection is fine; the destination type
// (or the query) is what to change.
type TypeError struct {
	// Found is the type of the value in the reply: "nil", "bool",
	// "unsigned", "integer" (a signed encoding, usually negative), "float",
	// "string", "binary", "array", "map", or the extension's name:
	// "decimal", "uuid", "datetime", "interval", "error" ...
	Found string
	// Type is the Go type the value was decoded into: the struct field's
	// type, or the element type of a slice, array or map inside it.
	Type reflect.Type
	// Field is the field of the tuple (or of the array a return value is)
	// holding the value, 0-based as Tuple.At, Space.FieldNo and Ops count
	// fields; -1 when the value is the tuple itself, was found by name in
	// a MessagePack map, or sits in a map.
	Field int
	// Name is the Go name of the struct field filled from that field (for
	// a map decoded into a struct, of the field found by its key); "" when
	// the destination is not a struct.
	Name string

	where string // "the tuple", "tuple 3", "return value 1"; "" when unknown
	hint  string // appended to the message in parentheses
}

func (e *TypeError) Error() string {
	var b strings.Builder
	b.WriteString("tarantool: cannot decode ")
	switch {
	case e.Field >= 0:
		b.WriteString("field ")
		b.WriteString(strconv.Itoa(e.Field))
		if e.Name != "" {
			b.WriteString(" (" + e.Name + ")")
		}
	case e.Name != "":
		b.WriteString("field " + e.Name)
	}
	if e.where != "" {
		if e.Field >= 0 || e.Name != "" {
			b.WriteString(" of ")
		}
		b.WriteString(e.where)
	}
	if e.Field >= 0 || e.Name != "" || e.where != "" {
		b.WriteString(": ")
	}
	b.WriteString(foundNoun(e.Found))
	b.WriteString(" into ")
	if e.Type != nil {
		b.WriteString(e.Type.String())
	} else {
		b.WriteString("an unknown type")
	}
	if e.hint != "" {
		b.WriteString(" (" + e.hint + ")")
	}
	return b.String()
}

// foundNoun names a Found type with its article.
func foundNoun(found string) string {
	switch found {
	case "unsigned":
		return "an unsigned integer"
	case "integer":
		return "an integer"
	case "bool":
		return "a boolean"
	case "binary":
		return "a binary string"
	case "uuid":
		return "a uuid"
	case "":
		return "a value"
	}
	if strings.IndexByte("aeiou", found[0]) >= 0 {
		return "an " + found
	}
	return "a " + found
}

// typeError describes the next value of d, which does not fit t. The
// field and place are filled in by the containers on the way out.
func typeError(d *iproto.Decoder, t reflect.Type) *TypeError {
	return &TypeError{Found: foundType(d), Type: t, Field: -1}
}

// foundType names the type of the next value of d without consuming it.
func foundType(d *iproto.Decoder) string {
	k := d.Peek()
	if k != iproto.KindExt {
		return k.String()
	}
	peek := *d
	et, _, err := peek.Ext()
	if err != nil {
		return k.String()
	}
	switch et {
	case iproto.ExtDecimal, iproto.ExtUUID, iproto.ExtError, iproto.ExtDatetime,
		iproto.ExtInterval, iproto.ExtTuple, iproto.ExtArrow, iproto.ExtCompression:
		return strings.ToLower(et.String())
	}
	return "extension"
}

// fits reports whether a value of kind k can decode into a Go value of
// type t (of kind tk) at all. An invalid kind fits everything: the
// decoder's own call then reports the malformed bytes.
func fits(k iproto.Kind, t reflect.Type, tk reflect.Kind) bool {
	if k == iproto.KindInvalid {
		return true
	}
	switch tk {
	case reflect.Bool:
		return k == iproto.KindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return k == iproto.KindUint || k == iproto.KindInt
	case reflect.Float32, reflect.Float64:
		return k == iproto.KindUint || k == iproto.KindInt || k == iproto.KindFloat
	case reflect.String:
		return k == iproto.KindString || k == iproto.KindBinary
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return k == iproto.KindString || k == iproto.KindBinary
		}
		return k == iproto.KindArray
	case reflect.Array:
		return k == iproto.KindArray || k == iproto.KindBinary && t.Elem().Kind() == reflect.Uint8
	case reflect.Map:
		return k == iproto.KindMap
	case reflect.Struct:
		return k == iproto.KindArray || k == iproto.KindMap
	}
	return true // pointers, interfaces; other kinds are refused by type
}

// inField records, on a TypeError coming out of field i (-1: by name) of
// a container, that field; outer containers overwrite inner ones, so the
// field is the outermost one: the tuple's.
func inField(err error, i int, name string) error {
	if te, ok := err.(*TypeError); ok {
		te.Field, te.Name = i, name
	}
	return err
}

// inPlace records, on a TypeError, what the decoded value was: the tuple,
// tuple i of a reply, a return value.
func inPlace(err error, where func() string) error {
	if te, ok := err.(*TypeError); ok && te.where == "" {
		te.where = where()
	}
	return err
}
