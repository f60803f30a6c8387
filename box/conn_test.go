package box_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

func TestRequestsByID(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c, err := box.Connect(ctx, s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := c.Eval(ctx, "return box.space.kv.id")
	if err != nil {
		t.Fatal(err)
	}
	kv := uint32(got[0].(int64))
	key := uint64(time.Now().UnixNano())

	if _, err := c.Insert(ctx, kv, []any{key, "a"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Insert(ctx, kv, []any{key, "b"}); !errors.Is(err, iproto.ErTupleFound) {
		t.Errorf("duplicate insert: got %v, want ER_TUPLE_FOUND", err)
	}
	if _, err := c.Replace(ctx, kv, []any{key, "b"}); err != nil {
		t.Fatal(err)
	}
	rows, err := c.Select(ctx, kv, 0, iproto.IterEq, []any{key}, 0)
	if err != nil || !reflect.DeepEqual(rows, []any{[]any{int64(key), "b"}}) {
		t.Errorf("select: got %v %v", rows, err)
	}
	res, err := c.Call(ctx, "echo", 1, "x")
	if err != nil || !reflect.DeepEqual(res, []any{int64(1), "x"}) {
		t.Errorf("call echo: got %v %v", res, err)
	}
	del, err := c.Delete(ctx, kv, 0, []any{key})
	if err != nil || len(del) != 1 {
		t.Errorf("delete: got %v %v", del, err)
	}
	del, err = c.Delete(ctx, kv, 0, []any{key})
	if err != nil || len(del) != 0 {
		t.Errorf("delete of a missing key: got %v %v, want no tuple", del, err)
	}
}
