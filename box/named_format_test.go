package box_test

import (
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/iproto"
)

func TestDecodeTuplesByName(t *testing.T) {
	f := box.NewFormat([]box.Field{{Name: "id"}, {Name: "bucket_id"}, {Name: "name"}, {Name: "unused"}})
	rows, err := iproto.AppendValue(nil, []any{[]any{1, 10, "a", true}, []any{2, 20, "b"}})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Name   string `msgpack:"name"`
		ID     uint64 `msgpack:"id"`
		Bucket uint64 `msgpack:"bucket_id"`
		Other  string // no tuple field: zero
	}
	var got []row
	if err := box.DecodeTuples(rows, f, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != (row{"a", 1, 10, ""}) || got[1] != (row{"b", 2, 20, ""}) {
		t.Fatalf("got %+v", got)
	}
	// The same type a second time uses the planned columns.
	var one row
	if err := box.DecodeTuples(rows, f, &one); err != nil || one.Name != "a" {
		t.Fatalf("one = %+v, %v", one, err)
	}
	var tu box.Tuple
	tuple, _ := iproto.AppendValue(nil, []any{3, 30, "c"})
	if err := box.DecodeTuple(tuple, f, &tu); err != nil {
		t.Fatal(err)
	}
	if v, ok := tu.Get("name"); !ok || v != "c" {
		t.Fatalf("Tuple.Get = %v %v", v, ok)
	}
	if n, ok := f.FieldNo("bucket_id"); !ok || n != 1 {
		t.Fatalf("FieldNo = %d %v", n, ok)
	}
	// A wrong type names the field.
	bad, _ := iproto.AppendValue(nil, []any{[]any{"x", 1, "a"}})
	if err := box.DecodeTuples(bad, f, &got); err == nil {
		t.Fatal("a string into a uint64 field: no error")
	}
	if err := box.DecodeTuples(rows, nil, &got); err == nil {
		t.Fatal("no Format: no error")
	}
}

func TestOpsAppendLua(t *testing.T) {
	ops := box.NewOps().Assign(0, "a").Add("n", 1).Delete(-1, 1)
	b, err := ops.AppendLua(nil)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := iproto.NewDecoder(b).Any()
	got := v.([]any)
	if f, _ := got[0].([]any)[1].(int64); f != 1 {
		if u, _ := got[0].([]any)[1].(uint64); u != 1 {
			t.Fatalf("field 0 written as %v, want 1", got[0])
		}
	}
	if got[1].([]any)[1] != "n" {
		t.Fatalf("a name: %v", got[1])
	}
	b, _ = ops.AppendMsgpack(nil)
	v, _ = iproto.NewDecoder(b).Any()
	if f := v.([]any)[0].([]any)[1]; f != int64(0) && f != uint64(0) {
		t.Fatalf("AppendMsgpack wrote field 0 as %v", f)
	}
}
