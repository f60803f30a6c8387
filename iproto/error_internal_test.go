package iproto

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// unhexInternal is wire (codec_helpers_test.go) without the quoted-text
// notation, for this package's internal tests.
func unhexInternal(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func str(s string) string { return hex.EncodeToString(AppendString(nil, s)) }

// serverErrorFrom reads a whole error reply as the connection does and
// builds its error.
func serverErrorFrom(t *testing.T, raw []byte) *Error {
	t.Helper()
	pkt, err := ReadPacket(bufio.NewReader(bytes.NewReader(raw)), nil, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	h, body, err := DecodeHeader(pkt)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Type.IsError() {
		t.Fatalf("got reply type %v, want an error", h.Type)
	}
	var b Body
	if err := ParseBody(body, &b); err != nil {
		t.Fatal(err)
	}
	return ReplyError(h.Type, &b)
}

func framed(t *testing.T, typ string, body []byte) []byte {
	t.Helper()
	h := unhexInternal(t, "83 00 ce"+typ+" 01 cf 0000000000000004 05 ce 00000053")
	return append(AppendUint32Fixed(nil, uint32(len(h)+len(body))), append(h, body...)...)
}

// TestServerErrorNested decodes the 2-level stack of iproto.md section 7
// (raise_nested(): outer code 222 caused by inner code 111).
func TestServerErrorNested(t *testing.T) {
	body := unhexInternal(t, "82 31"+str("outer")+"52 81 00 92"+
		"86 00"+str("ClientError")+"02 11 01"+str("init.lua")+"03"+str("outer")+"04 00 05 cc de"+
		"86 00"+str("ClientError")+"02 10 01"+str("init.lua")+"03"+str("inner")+"04 00 05 6f")
	e := serverErrorFrom(t, framed(t, "000080de", body))

	want := &Error{Code: 222, Message: "outer", Stack: []ErrorFrame{
		{Type: "ClientError", File: "init.lua", Line: 17, Message: "outer", Code: 222},
		{Type: "ClientError", File: "init.lua", Line: 16, Message: "inner", Code: 111},
	}}
	if !reflect.DeepEqual(e, want) {
		t.Fatalf("got %+v, want %+v", e, want)
	}
	var err error = e
	if !errors.Is(err, ErrorCode(222)) {
		t.Errorf("errors.Is(err, 222): got false, want true")
	}
	if !errors.Is(err, ErrorCode(111)) {
		t.Errorf("errors.Is(err, 111) through Unwrap: got false, want true")
	}
	if errors.Is(err, ErrorCode(3)) {
		t.Errorf("errors.Is(err, 3): got true, want false")
	}
	cause, ok := errors.Unwrap(err).(*Error)
	if !ok || cause.Code != 111 || cause.Message != "inner" || len(cause.Stack) != 1 || errors.Unwrap(cause) != nil {
		t.Errorf("Unwrap: got %+v, want the inner error alone", errors.Unwrap(err))
	}
	var target *Error
	if wrapped := errors.Join(errors.New("call failed"), err); !errors.As(wrapped, &target) || target != e {
		t.Errorf("errors.As through a wrapper: got %v, want the *Error", target)
	}
	if got := e.Type(); got != "ClientError" {
		t.Errorf("Type(): got %q, want ClientError", got)
	}
	if got, want := e.Error(), "tarantool: outer (ER_QUORUM_WAIT, code 222)"; got != want {
		t.Errorf("Error(): got %q, want %q", got, want)
	}
}

func TestServerErrorRaw(t *testing.T) {
	// The raw reply bytes of iproto.md section 7.
	msg := "Procedure 'no_such_fn' is not defined"
	raw := unhexInternal(t, "ce 00000096 83 00 ce00008021 01 cf0000000000000003 05 ce00000059"+
		"82 31"+str(msg)+"52 81 00 91 86 00"+str("ClientError")+"02 74 01"+str("./src/box/lua/call.c")+
		"03"+str(msg)+"04 00 05 21")
	e := serverErrorFrom(t, raw)
	if e.Code != ErNoSuchProc || e.Message != msg || len(e.Stack) != 1 || e.Stack[0].Line != 116 {
		t.Errorf("got %+v, want ER_NO_SUCH_PROC with one frame at line 116", e)
	}
	if !errors.Is(e, ErNoSuchProc) {
		t.Errorf("errors.Is(err, ErNoSuchProc): got false, want true")
	}
}

func TestServerErrorFallbacks(t *testing.T) {
	cases := []struct {
		name string
		typ  RequestType
		body Body
		want *Error
	}{
		{"before 2.4.1: message only", TypeErrorFlag | 3, Body{Error24: []byte("Duplicate key")},
			&Error{Code: ErTupleFound, Message: "Duplicate key"}},
		{"custom error without code", TypeErrorFlag, Body{Error24: []byte("boom")},
			&Error{Code: 0, Message: "boom"}},
		{"code from the stack wins", TypeErrorFlag | 1,
			Body{ErrorStack: unhexInternal(t, "81 00 91 82 03"+str("from stack")+"05 cd 1092")},
			&Error{Code: 4242, Message: "from stack", Stack: []ErrorFrame{{Message: "from stack", Code: 4242}}}},
		{"malformed stack ignored", TypeErrorFlag | 20, Body{Error24: []byte("bad"), ErrorStack: []byte{0x81, 0x00}},
			&Error{Code: ErInvalidMsgpack, Message: "bad"}},
		{"empty stack ignored", TypeErrorFlag | 20, Body{Error24: []byte("x"), ErrorStack: unhexInternal(t, "81 00 90")},
			&Error{Code: ErInvalidMsgpack, Message: "x"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReplyError(tc.typ, &tc.body); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestServerErrorNoPanic feeds ReplyError every prefix of a stack.
func TestServerErrorNoPanic(t *testing.T) {
	stack := unhexInternal(t, "81 00 92"+
		"87 00"+str("AccessDeniedError")+"02 11 01"+str("init.lua")+"03"+str("denied")+"04 00 05 2a 06 81"+str("object_type")+str("space")+
		"86 00"+str("ClientError")+"02 10 01"+str("init.lua")+"03"+str("inner")+"04 00 05 6f")
	for n := 0; n <= len(stack); n++ {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%d-byte stack: panic %v", n, r)
				}
			}()
			e := ReplyError(TypeErrorFlag|42, &Body{Error24: []byte("m"), ErrorStack: stack[:n:n]})
			if n == len(stack) && (len(e.Stack) != 2 || e.Stack[0].Fields["object_type"] != "space") {
				t.Errorf("whole stack: got %+v", e)
			}
			if n < len(stack) && len(e.Stack) != 0 {
				t.Errorf("%d-byte stack: got %d frames, want none from a truncated stack", n, len(e.Stack))
			}
		}()
	}
}
