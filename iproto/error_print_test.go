package iproto_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

func TestErrorCodeFormat(t *testing.T) {
	for _, tc := range []struct {
		format string
		code   iproto.ErrorCode
		want   string
	}{
		{"%v", iproto.ErTupleFound, "ER_TUPLE_FOUND"},
		{"%s", iproto.ErTupleFound, "ER_TUPLE_FOUND"},
		{"%+v", iproto.ErTupleFound, "ER_TUPLE_FOUND"},
		{"%q", iproto.ErTupleFound, `"ER_TUPLE_FOUND"`},
		{"%-16v|", iproto.ErTupleFound, "ER_TUPLE_FOUND  |"},
		{"%d", iproto.ErTupleFound, "3"},
		{"%03d", iproto.ErTupleFound, "003"},
		{"%x", iproto.ErrorCode(255), "ff"},
		{"%#v", iproto.ErTupleFound, "iproto.ErrorCode(3)"},
		{"%v", iproto.ErrorCode(9999), "ER_9999"},
		{"%t", iproto.ErTupleFound, "%!t(iproto.ErrorCode=3)"},
	} {
		if got := fmt.Sprintf(tc.format, tc.code); got != tc.want {
			t.Errorf("Sprintf(%q, %d): got %q, want %q", tc.format, uint32(tc.code), got, tc.want)
		}
	}
	if got := fmt.Sprintln(iproto.ErTupleFound); got != "ER_TUPLE_FOUND\n" {
		t.Errorf("Sprintln: got %q, want %q", got, "ER_TUPLE_FOUND\n")
	}
	if got, want := iproto.ErTupleFound.Error(), "tarantool: ER_TUPLE_FOUND"; got != want {
		t.Errorf("Error(): got %q, want %q", got, want)
	}
	wrapped := fmt.Errorf("insert: %w", iproto.ErTupleFound)
	if !errors.Is(wrapped, iproto.ErTupleFound) || wrapped.Error() != "insert: ER_TUPLE_FOUND" {
		t.Errorf("wrapped with %%w: got %q (errors.Is %v), want %q matching ErTupleFound",
			wrapped, errors.Is(wrapped, iproto.ErTupleFound), "insert: ER_TUPLE_FOUND")
	}
	var e error = &iproto.Error{Code: iproto.ErTupleFound, Message: "dup"}
	if !errors.Is(e, iproto.ErTupleFound) || errors.Is(e, iproto.ErNoSuchSpace) {
		t.Errorf("errors.Is on an *Error: got %v for its code and %v for another, want true and false",
			errors.Is(e, iproto.ErTupleFound), errors.Is(e, iproto.ErNoSuchSpace))
	}
}

func TestErrorFrameString(t *testing.T) {
	for _, tc := range []struct {
		name  string
		frame iproto.ErrorFrame
		want  string
	}{
		{"every part", iproto.ErrorFrame{Type: "ClientError", File: "box.c", Line: 123, Message: "Duplicate key exists", Code: iproto.ErTupleFound},
			"ClientError: Duplicate key exists (ER_TUPLE_FOUND, code 3) at box.c:123"},
		{"errno", iproto.ErrorFrame{Type: "SystemError", File: "coio.c", Line: 7, Message: "connect", Errno: 111, Code: iproto.ErSystem},
			"SystemError: connect (ER_SYSTEM, code 115, errno 111) at coio.c:7"},
		{"line unknown", iproto.ErrorFrame{Type: "ClientError", File: "[C]", Line: math.MaxUint32, Message: "m", Code: iproto.ErNoSuchSpace},
			"ClientError: m (ER_NO_SUCH_SPACE, code 36) at [C]"},
		{"line 0", iproto.ErrorFrame{Type: "ClientError", File: "x.lua", Message: "m", Code: 9999},
			"ClientError: m (ER_9999, code 9999) at x.lua"},
		{"no type, no file", iproto.ErrorFrame{Message: "m", Code: iproto.ErUnknown}, "m (ER_UNKNOWN, code 0)"},
	} {
		if got := tc.frame.String(); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestErrorStackString(t *testing.T) {
	frames := []iproto.ErrorFrame{
		{Type: "ClientError", File: "init.lua", Line: 17, Message: "outer", Code: 9999},
		{Type: "ClientError", File: "init.lua", Line: 16, Message: "inner", Code: 111},
	}
	e := &iproto.Error{Code: 9999, Message: "outer", Stack: frames} // a []ErrorFrame assigns
	var back []iproto.ErrorFrame = e.Stack                          // and back
	if len(back) != 2 {
		t.Fatalf("got %d frames, want 2", len(back))
	}
	want := "ClientError: outer (ER_9999, code 9999) at init.lua:17; caused by: " +
		"ClientError: inner (ER_WRONG_SPACE_OPTIONS, code 111) at init.lua:16"
	for _, got := range []string{e.Stack.String(), fmt.Sprint(e.Stack), fmt.Sprintf("%v", e.Stack), fmt.Sprintf("%+v", e.Stack)} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if got := fmt.Sprint(iproto.ErrorStack(nil)); got != "" {
		t.Errorf("empty stack: got %q, want \"\"", got)
	}
	if got, want := fmt.Sprint(e.Stack[1]), frames[1].String(); got != want {
		t.Errorf("one frame with Sprint: got %q, want %q", got, want)
	}
}
