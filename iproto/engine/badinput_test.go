package engine_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// TestBadRequests sends requests naming what does not exist or breaking a
// space's format: each gets the server's error naming the culprit, and
// the connection serves the next request.
func TestBadRequests(t *testing.T) {
	c := dial(t)
	kv := spaceID(t, "kv")
	const key = 7771001
	do(t, c, &iproto.Replace{SpaceID: kv, Tuple: []any{key, "present"}})
	t.Cleanup(func() { doErr(c, &iproto.Delete{SpaceID: kv, Key: []any{key}}) })
	for _, tc := range []struct {
		name    string
		req     iproto.Request
		code    iproto.ErrorCode
		mention string
	}{
		{"no such space", &iproto.Select{SpaceID: 99999}, iproto.ErNoSuchSpace, "99999"},
		{"no such index", &iproto.Select{SpaceID: kv, IndexID: 77}, iproto.ErNoSuchIndexID, "77"},
		{"no such function", &iproto.Call{Function: "no_such_function"}, iproto.ErNoSuchProc, "no_such_function"},
		{"no such field (1-based in the message)", &iproto.Update{SpaceID: kv, Key: []any{key}, Ops: []any{[]any{"+", 99, 1}}}, iproto.ErNoSuchFieldNo, "100"},
		{"no such field name", &iproto.Update{SpaceID: kv, Key: []any{key}, Ops: []any{[]any{"=", "nosuch_field", "x"}}}, 0, "nosuch_field"},
		{"wrong field type", &iproto.Insert{SpaceID: kv, Tuple: []any{1, 2}}, iproto.ErFieldType, "string"},
		{"key of the wrong type", &iproto.Select{SpaceID: kv, Key: []any{"not a number"}}, iproto.ErKeyPartType, "unsigned"},
		{"tuple missing its key", &iproto.Insert{SpaceID: kv, Tuple: []any{}}, 0, "1"},
		{"Lua error", &iproto.Eval{Expr: "error('bad input here')"}, iproto.ErProcLua, "bad input here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := doErr(c, tc.req)
			var e *iproto.Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want a server error", err)
			}
			if tc.code != 0 && !errors.Is(err, tc.code) {
				t.Errorf("got %v, want %v", err, tc.code)
			}
			if !strings.Contains(e.Message, tc.mention) {
				t.Errorf("got %q, want it to mention %q", e.Message, tc.mention)
			}
			if got := do(t, c, &iproto.Call{Function: "echo", Args: []any{"still here"}}); !reflect.DeepEqual(got, []any{"still here"}) {
				t.Errorf("after the error: got %v", got)
			}
		})
	}
	if c.Err() != nil {
		t.Errorf("connection failed: %v", c.Err())
	}
}

// TestBadRequestValues: values the client refuses before sending — the
// connection never sees them.
func TestBadRequestValues(t *testing.T) {
	c := dial(t)
	for _, tc := range []struct {
		name    string
		req     iproto.Request
		mention string
	}{
		{"tuple not an array", &iproto.Insert{SpaceID: 512, Tuple: "scalar"}, "array"},
		{"unsupported Go type", &iproto.Call{Function: "echo", Args: []any{make(chan int)}}, "chan int"},
		{"call arguments not an array", &iproto.Call{Function: "echo", Args: 7}, "array"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := doErr(c, tc.req)
			var e *iproto.Error
			if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("got %v, want the client's error mentioning %q", err, tc.mention)
			}
		})
	}
	if got := do(t, c, iproto.Ping{}); got != nil {
		t.Errorf("ping after refused requests: got %v", got)
	}
	if c.Err() != nil {
		t.Errorf("connection failed: %v", c.Err())
	}
}
