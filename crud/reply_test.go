package crud

import (
	"errors"
	"fmt"
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/iproto"
)

type customer struct {
	Name     string `msgpack:"name"`
	ID       uint64 `msgpack:"id"`
	Age      *int   `msgpack:"age"`
	BucketID uint64 `msgpack:"bucket_id"`
	Extra    string `msgpack:"extra"` // not in the metadata: stays zero
}

// reply encodes crud's [result, error] from Go values.
func reply(t testing.TB, values ...any) []byte {
	t.Helper()
	b, err := iproto.AppendValue(nil, values)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var customerMeta = []any{
	map[string]any{"name": "id", "type": "unsigned"},
	map[string]any{"name": "bucket_id", "type": "unsigned"},
	map[string]any{"name": "name", "type": "string"},
	map[string]any{"name": "age", "type": "number", "is_nullable": true},
}

func TestDecodeRowsByName(t *testing.T) {
	c := &Client{}
	data := reply(t, map[string]any{
		"rows":     []any{[]any{1, 27, "Ann", 30}, []any{2, 5, "Bob", nil}},
		"metadata": customerMeta,
	}, nil)
	var got []customer
	if err := c.decodeRows(data, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != 1 || got[0].BucketID != 27 || got[0].Name != "Ann" || got[0].Age == nil || *got[0].Age != 30 {
		t.Fatalf("first row: %+v", got)
	}
	if got[1].Name != "Bob" || got[1].Age != nil || got[1].Extra != "" {
		t.Fatalf("second row: %+v", got[1])
	}

	var one customer
	if err := c.decodeRows(data, &one); err != nil || one.Name != "Ann" {
		t.Fatalf("one: %+v %v", one, err)
	}
	var ts []box.Tuple
	if err := c.decodeRows(data, &ts); err != nil {
		t.Fatal(err)
	}
	if v, ok := ts[1].Get("name"); !ok || v != "Bob" {
		t.Fatalf("Tuple.Get(name) = %v, %v", v, ok)
	}
	if m := ts[0].Map(); fmt.Sprint(m["bucket_id"]) != "27" {
		t.Fatalf("Tuple.Map = %v", m)
	}
}

func TestDecodeNoRows(t *testing.T) {
	c := &Client{}
	data := reply(t, map[string]any{"metadata": customerMeta, "rows": []any{}})
	var one customer
	if err := c.decodeRows(data, &one); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	var all []customer
	if err := c.decodeRows(data, &all); err != nil || len(all) != 0 {
		t.Fatalf("all = %v, %v", all, err)
	}
	// noreturn: a nil result.
	if err := c.decodeRows(reply(t, nil, nil), &all); err != nil || len(all) != 0 {
		t.Fatalf("nil result: %v, %v", all, err)
	}
}

func TestDecodeError(t *testing.T) {
	c := &Client{}
	data := reply(t, nil, map[string]any{
		"class_name": "InsertError",
		"err":        "Failed to insert: Duplicate key exists\nstack traceback:\n\tcrud/insert.lua:135",
		"file":       "crud/insert.lua",
		"line":       135,
		"str":        "InsertError: Failed to insert: Duplicate key exists",
	})
	var got []customer
	err := c.decodeRows(data, &got)
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("err = %T %v, want *Error", err, err)
	}
	if ce.Class != "InsertError" || ce.Message != "Failed to insert: Duplicate key exists" || ce.Line != 135 || ce.Stack == "" {
		t.Fatalf("error = %+v", ce)
	}
	if err.Error() != "InsertError: Failed to insert: Duplicate key exists" {
		t.Fatalf("Error() = %q", err.Error())
	}
}

func TestDecodeBatchErrors(t *testing.T) {
	c := &Client{}
	data := reply(t, map[string]any{
		"metadata": customerMeta,
		"rows":     []any{[]any{3, 8, "Cy", 40}},
	}, []any{
		map[string]any{"class_name": "InsertManyError", "err": "dup 1", "operation_data": []any{1, 27, "Ann", 30}},
		map[string]any{"class_name": "InsertManyError", "err": "dup 2", "operation_data": []any{2, 5, "Bob", nil}},
	})
	var got []customer
	err := c.decodeRows(data, &got)
	var be *BatchError
	if !errors.As(err, &be) || len(be.Errors) != 2 {
		t.Fatalf("err = %v, want a BatchError of 2", err)
	}
	if len(got) != 1 || got[0].Name != "Cy" {
		t.Fatalf("the rows that succeeded: %+v", got)
	}
	if od, ok := be.Errors[1].OperationData.([]any); !ok || od[2] != "Bob" {
		t.Fatalf("OperationData = %#v", be.Errors[1].OperationData)
	}
	var ce *Error
	if !errors.As(err, &ce) || ce.Message != "dup 1" {
		t.Fatalf("errors.As(*Error) = %v", ce)
	}
}

func TestDecodeMalformed(t *testing.T) {
	c := &Client{}
	for name, data := range map[string][]byte{
		"empty":         {},
		"not an array":  {0x01},
		"short":         {0x92, 0x82},
		"rows a string": reply(t, map[string]any{"rows": "x"}),
		"result an int": reply(t, 7),
		"error an int":  reply(t, nil, 7),
		"meta an int":   reply(t, map[string]any{"metadata": 3, "rows": []any{}}),
	} {
		var got []customer
		if err := c.decodeRows(data, &got); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestObjectAndTupleEncoding(t *testing.T) {
	age := 3
	cu := customer{Name: "Ann", ID: 7, Age: &age}
	b, err := object{cu}.AppendMsgpack(nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := iproto.NewDecoder(b).Any()
	if err != nil {
		t.Fatal(err)
	}
	m := v.(map[string]any)
	if _, has := m["bucket_id"]; has || m["name"] != "Ann" || fmt.Sprint(m["id"]) != "7" || fmt.Sprint(m["age"]) != "3" {
		t.Fatalf("object = %v (bucket_id zero must be left out)", m)
	}
	b, err = tuple{cu}.AppendMsgpack(nil)
	if err != nil {
		t.Fatal(err)
	}
	v, _ = iproto.NewDecoder(b).Any()
	tu := v.([]any)
	if len(tu) != 5 || tu[0] != "Ann" || tu[3] != nil {
		t.Fatalf("tuple = %v (bucket_id zero must be nil)", tu)
	}
	cu.BucketID = 12
	b, _ = object{&cu}.AppendMsgpack(nil)
	v, _ = iproto.NewDecoder(b).Any()
	if fmt.Sprint(v.(map[string]any)["bucket_id"]) != "12" {
		t.Fatalf("object with a bucket id = %v", v)
	}
}

func TestLuaOps(t *testing.T) {
	b, err := luaOps{box.NewOps().Assign("name", "x").Add(2, 1).Assign(-1, 0)}.AppendMsgpack(nil)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := iproto.NewDecoder(b).Any()
	ops := v.([]any)
	if ops[0].([]any)[1] != "name" || fmt.Sprint(ops[1].([]any)[1]) != "3" || fmt.Sprint(ops[2].([]any)[1]) != "-1" {
		t.Fatalf("ops = %v: a field number n goes as n+1, names and negatives as they are", ops)
	}
}
