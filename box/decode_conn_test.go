package box_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

// TestDecodeTypeMismatch decodes real replies into Go values of the wrong
// type: each gives a *box.TypeError naming the field, not an error
// matching iproto.ErrMalformed, and the connection stays usable.
func TestDecodeTypeMismatch(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	key := nextKey()
	if err := c.Replace(ctx, "kv", []any{key, "a"}).Err(); err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("box-typeerr-%d", nextKey())
	res := c.Execute(ctx, "INSERT INTO items (name, price) VALUES (?, ?)", name, 1.5)
	ids := res.AutoincrementIDs()
	if err := res.Err(); err != nil || len(ids) != 1 {
		t.Fatalf("insert: ids %v, %v", ids, err)
	}

	type kvInt struct {
		K uint64
		V int
	}
	type itemIntName struct {
		ID    int64
		Name  int // the column is a string
		Price float64
	}
	var one kvInt
	var rows []kvInt
	var items []itemIntName
	var n int
	for _, tc := range []struct {
		name  string
		err   error
		found string
		typ   reflect.Type
		field int
		fname string
		msg   string
	}{
		{"tuple into a struct", c.Get(ctx, "kv", "pk", key, &one), "string", reflect.TypeFor[int](), 1, "V",
			"tarantool: cannot decode field 1 (V) of the tuple: a string into int"},
		{"tuples into a slice", c.Select(ctx, "kv", "pk", key, nil).Decode(&rows), "string", reflect.TypeFor[int](), 1, "V",
			"tarantool: cannot decode field 1 (V) of tuple 0: a string into int"},
		{"sql row", c.Execute(ctx, "SELECT id, name, price FROM items WHERE id = ?", ids[0]).Decode(&items),
			"string", reflect.TypeFor[int](), 1, "Name", "tarantool: cannot decode field 1 (Name) of tuple 0: a string into int"},
		{"return value", c.Call(ctx, "echo", "x").Decode(&n), "string", reflect.TypeFor[int](), -1, "",
			"tarantool: cannot decode return value 1: a string into int"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var te *box.TypeError
			if !errors.As(tc.err, &te) {
				t.Fatalf("got %v (%T), want a *box.TypeError", tc.err, tc.err)
			}
			if errors.Is(tc.err, iproto.ErrMalformed) {
				t.Errorf("%v matches iproto.ErrMalformed; want it not to", tc.err)
			}
			if te.Field != tc.field || te.Name != tc.fname {
				t.Errorf("got field %d (%s), want %d (%s)", te.Field, te.Name, tc.field, tc.fname)
			}
			if te.Found != tc.found || te.Type != tc.typ || tc.err.Error() != tc.msg {
				t.Errorf("got Found %q, Type %v, message %q; want %q, %v, %q", te.Found, te.Type, tc.err, tc.found, tc.typ, tc.msg)
			}
		})
	}
	if err := c.Ping(ctx); err != nil {
		t.Errorf("connection unusable after type mismatches: %v", err)
	}
}
