package crud

import (
	"fmt"
	"reflect"

	"github.com/tntsql/tarantool/internal/structfields"
	"github.com/tntsql/tarantool/iproto"
)

// bucketIDField is the field crud keeps the bucket id in.
const bucketIDField = "bucket_id"

// object is an argument of an *_object function: a struct is written as
// a map of its fields by name (the msgpack tag or the Go name, by the
// rule box decodes with), a bucket_id field that is zero left out so that
// crud computes it; anything else (a map) as it is.
type object struct{ v any }

func (o object) AppendMsgpack(dst []byte) ([]byte, error) {
	rv, fs, ok := structOf(o.v)
	if !ok {
		return iproto.AppendValue(dst, o.v)
	}
	if err := fs.Err(); err != nil {
		return dst, fmt.Errorf("crud: %s: %w", rv.Type(), err)
	}
	n := 0
	for i := range fs.List {
		if !skipBucketID(&fs.List[i], rv) {
			n++
		}
	}
	dst = iproto.AppendMapHeader(dst, n)
	var err error
	for i := range fs.List {
		f := &fs.List[i]
		if skipBucketID(f, rv) {
			continue
		}
		dst = iproto.AppendString(dst, f.Name)
		if dst, err = appendField(dst, f, rv); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// tuple is an argument of a tuple function (insert, replace, upsert): a
// struct is written as iproto writes it (its fields in order), except
// that a bucket_id field that is zero is written as nil, so that crud
// computes it; anything else as it is.
type tuple struct{ v any }

func (t tuple) AppendMsgpack(dst []byte) ([]byte, error) {
	rv, fs, ok := structOf(t.v)
	if !ok {
		return iproto.AppendValue(dst, t.v)
	}
	if err := fs.Err(); err != nil {
		return dst, fmt.Errorf("crud: %s: %w", rv.Type(), err)
	}
	dst = iproto.AppendArrayHeader(dst, len(fs.List))
	var err error
	for i := range fs.List {
		f := &fs.List[i]
		if skipBucketID(f, rv) {
			dst = iproto.AppendNil(dst)
			continue
		}
		if dst, err = appendField(dst, f, rv); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// structOf returns v's struct value and fields when v is a struct or a
// non-nil pointer to one.
func structOf(v any) (reflect.Value, *structfields.Fields, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct || isSelfEncoding(rv) {
		return reflect.Value{}, nil, false
	}
	return rv, structfields.Of(rv.Type()), true
}

// isSelfEncoding reports whether a struct value encodes itself
// (time.Time, decimal.Decimal, an iproto.Marshaler ...): it is a value,
// not a tuple.
func isSelfEncoding(rv reflect.Value) bool {
	if _, ok := rv.Interface().(iproto.Marshaler); ok {
		return true
	}
	switch rv.Type().String() {
	case "time.Time", "decimal.Decimal":
		return true
	}
	return false
}

// skipBucketID reports whether f is a bucket_id field left zero.
func skipBucketID(f *structfields.Field, rv reflect.Value) bool {
	if f.Name != bucketIDField {
		return false
	}
	fv, ok := f.Value(rv)
	return !ok || fv.IsZero()
}

// appendField appends field f of struct rv: the common built-in kinds directly,
// others through iproto.AppendValue; a field behind a nil embedded
// pointer is nil.
func appendField(dst []byte, f *structfields.Field, rv reflect.Value) ([]byte, error) {
	fv, ok := f.Value(rv)
	if !ok {
		return iproto.AppendNil(dst), nil
	}
	if fv.Type().PkgPath() != "" {
		// A named type may encode itself (iproto.Marshaler).
		return iproto.AppendValue(dst, fv.Interface())
	}
	switch fv.Kind() {
	case reflect.String:
		return iproto.AppendString(dst, fv.String()), nil
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Int16, reflect.Int8:
		return iproto.AppendInt(dst, fv.Int()), nil
	case reflect.Uint, reflect.Uint64, reflect.Uint32, reflect.Uint16, reflect.Uint8:
		return iproto.AppendUint(dst, fv.Uint()), nil
	case reflect.Bool:
		return iproto.AppendBool(dst, fv.Bool()), nil
	case reflect.Float64:
		return iproto.AppendFloat64(dst, fv.Float()), nil
	}
	return iproto.AppendValue(dst, fv.Interface())
}
