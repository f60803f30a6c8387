package iproto_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Real replies of Tarantool 2.6.0 quoted in iproto.md.
var (
	// Section 1: PING reply, sync 1, schema version 83.
	pingReply = wire(`ce 00000018
		83  00 ce 00000000  01 cf 0000000000000001  05 ce 00000053
		80`)

	// Section 7: the error reply of a CALL to an unknown function.
	noSuchProcReply = wire(`ce 00000096
		83  00 ce 00008021  01 cf 0000000000000003  05 ce 00000059
		82  31 d9 25 "Procedure 'no_such_fn' is not defined"
		    52 81 00 91 86  00 ab 'ClientError'  02 74  01 b4 './src/box/lua/call.c'
		                    03 d9 25 "Procedure 'no_such_fn' is not defined"  04 00  05 21`)

	// Bodies of sections 1 and 10.
	selectBody    = wire("81 30 dd 00000001 92 01 a3 'one'")
	executeBody   = wire("82 32 91 82 00 a1 'A' 01 a7 'integer' 30 91 91 01")
	prepareBody   = wire("84 43 ce 3624217f 34 00 33 90 32 91 82 00 a1 'A' 01 a7 'integer'")
	prepareDMLBod = wire("83 43 ce 3624217f 34 01 33 91 82 00 a1 '?' 01 a3 'ANY'")
	sqlInfoBody   = wire("81 42 82 00 01 01 91 67")
	sqlInfo2Body  = wire("81 42 82 00 02 01 92 03 04")

	// Section 7: the 2-level stack raised by raise_nested() (codes 222 and
	// 111), keys in the server's order 0, 2, 1, 3, 4, 5.
	nestedErrorBody = wire(`82  31 a5 'outer'
		52 81 00 92
		  86 00 ab 'ClientError' 02 11 01 a8 'init.lua' 03 a5 'outer' 04 00 05 cc de
		  86 00 ab 'ClientError' 02 10 01 a8 'init.lua' 03 a5 'inner' 04 00 05 6f`)

	// Section 13.3: the value of return box.error.new(box.error.NO_SUCH_SPACE, 'zzz').
	errorExtValue = wire(`c7 3c 03  81 00 91 86  00 ab 'ClientError'  02 ce ffffffff  01 a3 '[C]'
		03 ba "Space 'zzz' does not exist"  04 00  05 24`)
)

// replyPacket builds a reply as the server frames it: size as 0xce + u32, then
// a header with REQUEST_TYPE as 0xce + u32 and SYNC as 0xcf + u64
// (iproto.md section 1), then body.
func replyPacket(typ uint32, sync uint64, body []byte) []byte {
	h := []byte{0x83, 0x00, 0xce}
	h = append(h, byte(typ>>24), byte(typ>>16), byte(typ>>8), byte(typ))
	h = append(h, 0x01, 0xcf)
	for i := 7; i >= 0; i-- {
		h = append(h, byte(sync>>(8*i)))
	}
	h = append(h, wire("05 ce 00000053")...)
	pkt := iproto.AppendUint32Fixed(nil, uint32(len(h)+len(body)))
	return append(append(pkt, h...), body...)
}

// readReply reads one packet from raw and decodes its header and body.
func readReply(t *testing.T, raw []byte) (iproto.Header, iproto.Body) {
	t.Helper()
	pkt, err := iproto.ReadPacket(bufio.NewReader(bytes.NewReader(raw)), nil, 1<<20)
	if err != nil {
		t.Fatalf("ReadPacket: %v", err)
	}
	h, body, err := iproto.DecodeHeader(pkt)
	if err != nil {
		t.Fatalf("DecodeHeader: %v", err)
	}
	var b iproto.Body
	if err := iproto.ParseBody(body, &b); err != nil {
		t.Fatalf("ParseBody: %v", err)
	}
	return h, b
}

func anyOf(t *testing.T, raw []byte) any {
	t.Helper()
	d := iproto.NewDecoder(raw)
	v, err := d.Any()
	if err != nil {
		t.Fatalf("Any(%s): %v", hexOf(raw), err)
	}
	if d.Len() != 0 {
		t.Errorf("Any(%s): %d bytes left, want 0", hexOf(raw), d.Len())
	}
	return v
}

func TestPingReply(t *testing.T) {
	h, b := readReply(t, pingReply)
	if want := (iproto.Header{Type: iproto.TypeOK, Sync: 1, SchemaVersion: 83}); h != want {
		t.Errorf("header: got %+v, want %+v", h, want)
	}
	if !reflect.DeepEqual(b, iproto.Body{}) {
		t.Errorf("body: got %+v, want empty", b)
	}
}

func TestReadPacketStream(t *testing.T) {
	// Two replies in one read, then the end of the stream.
	r := bufio.NewReader(bytes.NewReader(append(append([]byte{}, pingReply...), noSuchProcReply...)))
	buf := make([]byte, 0, 512)
	pkt, err := iproto.ReadPacket(r, buf, 1<<20)
	if err != nil || len(pkt) != 0x18 {
		t.Fatalf("first packet: got %d bytes, %v, want 24", len(pkt), err)
	}
	if &pkt[0] != &buf[:1][0] {
		t.Errorf("first packet: got a new buffer, want the caller's (cap %d)", cap(buf))
	}
	pkt, err = iproto.ReadPacket(r, pkt, 1<<20)
	if err != nil || len(pkt) != 0x96 {
		t.Fatalf("second packet: got %d bytes, %v, want 150", len(pkt), err)
	}
	if h, _, err := iproto.DecodeHeader(pkt); err != nil || h.Sync != 3 || h.Type != iproto.TypeErrorFlag|0x21 {
		t.Errorf("second header: got %+v, %v, want sync 3 type 0x8021", h, err)
	}
	if _, err := iproto.ReadPacket(r, pkt, 1<<20); err != io.EOF {
		t.Errorf("at the end: got %v, want io.EOF", err)
	}
}

func TestSelectReply(t *testing.T) {
	h, b := readReply(t, replyPacket(0, 2, selectBody))
	if h.Type != iproto.TypeOK || h.Sync != 2 || h.SchemaVersion != 83 {
		t.Errorf("header: got %+v", h)
	}
	if want := wire("dd 00000001 92 01 a3 'one'"); !bytes.Equal(b.Data, want) {
		t.Errorf("Data: got %s, want %s", hexOf(b.Data), hexOf(want))
	}
	want := []any{[]any{int64(1), "one"}}
	if got := anyOf(t, b.Data); !reflect.DeepEqual(got, want) {
		t.Errorf("Any(Data): got %#v, want %#v", got, want)
	}
}

func TestExecuteReply(t *testing.T) {
	_, b := readReply(t, replyPacket(0, 5, executeBody))
	wantMeta := []any{map[any]any{int64(iproto.FieldName): "A", int64(iproto.FieldType): "integer"}}
	if got := anyOf(t, b.Metadata); !reflect.DeepEqual(got, wantMeta) {
		t.Errorf("Metadata: got %#v, want %#v", got, wantMeta)
	}
	if got, want := anyOf(t, b.Data), []any{[]any{int64(1)}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Data: got %#v, want %#v", got, want)
	}
	if b.SQLInfo != nil || b.HasStmtID {
		t.Errorf("got SQLInfo %s, HasStmtID %v, want neither", hexOf(b.SQLInfo), b.HasStmtID)
	}
}

func TestPrepareReply(t *testing.T) {
	_, b := readReply(t, replyPacket(0, 6, prepareBody))
	if !b.HasStmtID || b.StmtID != goldenStmtID || b.BindCount != 0 {
		t.Errorf("got StmtID %#x (%v), BindCount %d, want %#x, 0", b.StmtID, b.HasStmtID, b.BindCount, goldenStmtID)
	}
	if !bytes.Equal(b.BindMetadata, wire("90")) {
		t.Errorf("BindMetadata: got %s, want 90", hexOf(b.BindMetadata))
	}
	if got := anyOf(t, b.Metadata); len(got.([]any)) != 1 {
		t.Errorf("Metadata: got %#v, want one column", got)
	}

	_, b = readReply(t, replyPacket(0, 6, prepareDMLBod))
	if b.BindCount != 1 || b.Metadata != nil {
		t.Errorf("DML prepare: got BindCount %d, Metadata %s, want 1 and none", b.BindCount, hexOf(b.Metadata))
	}
	want := []any{map[any]any{int64(0): "?", int64(1): "ANY"}}
	if got := anyOf(t, b.BindMetadata); !reflect.DeepEqual(got, want) {
		t.Errorf("BindMetadata: got %#v, want %#v", got, want)
	}
}

func TestSQLInfoReply(t *testing.T) {
	for _, tc := range []struct {
		body []byte
		want map[any]any
	}{
		{sqlInfoBody, map[any]any{int64(iproto.SQLInfoRowCount): int64(1), int64(iproto.SQLInfoAutoincrementIDs): []any{int64(103)}}},
		{sqlInfo2Body, map[any]any{int64(0): int64(2), int64(1): []any{int64(3), int64(4)}}},
	} {
		_, b := readReply(t, replyPacket(0, 8, tc.body))
		if got := anyOf(t, b.SQLInfo); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SQLInfo: got %#v, want %#v", got, tc.want)
		}
	}
}

func TestErrorReplyBody(t *testing.T) {
	h, b := readReply(t, noSuchProcReply)
	if !h.Type.IsError() || h.Type.ErrorCode() != iproto.ErNoSuchProc || h.Sync != 3 || h.SchemaVersion != 0x59 {
		t.Errorf("header: got %+v, want an ER_NO_SUCH_PROC error with sync 3, schema 89", h)
	}
	if got, want := h.Type.String(), "ERROR(ER_NO_SUCH_PROC)"; got != want {
		t.Errorf("type: got %q, want %q", got, want)
	}
	if got, want := string(b.Error24), "Procedure 'no_such_fn' is not defined"; got != want {
		t.Errorf("Error24: got %q, want %q", got, want)
	}
	// The stack map alone, through the MP_ERROR decoder.
	ext := append(iproto.AppendExtHeader(nil, iproto.ExtError, len(b.ErrorStack)), b.ErrorStack...)
	e, ok := anyOf(t, ext).(*iproto.Error)
	if !ok {
		t.Fatalf("Any of the stack as ext 3: got %T, want *iproto.Error", anyOf(t, ext))
	}
	want := iproto.ErrorStack{{Type: "ClientError", File: "./src/box/lua/call.c", Line: 0x74,
		Message: "Procedure 'no_such_fn' is not defined", Code: iproto.ErNoSuchProc}}
	if !reflect.DeepEqual(e.Stack, want) {
		t.Errorf("stack: got %+v, want %+v", e.Stack, want)
	}
}

// TestErrorExtValue decodes the MP_ERROR value of iproto.md section 13.3,
// alone and as a CALL result.
func TestErrorExtValue(t *testing.T) {
	v := anyOf(t, errorExtValue)
	e, ok := v.(*iproto.Error)
	if !ok {
		t.Fatalf("got %T, want *iproto.Error", v)
	}
	wantStack := iproto.ErrorStack{{Type: "ClientError", File: "[C]", Line: 0xffffffff,
		Message: "Space 'zzz' does not exist", Code: iproto.ErNoSuchSpace}}
	if e.Code != iproto.ErNoSuchSpace || e.Message != "Space 'zzz' does not exist" || !reflect.DeepEqual(e.Stack, wantStack) {
		t.Errorf("got %+v, want code 36, its message and stack %+v", e, wantStack)
	}
	if !errors.Is(e, iproto.ErNoSuchSpace) || errors.Is(e, iproto.ErNoSuchProc) {
		t.Errorf("errors.Is: want a match for ER_NO_SUCH_SPACE only")
	}
	if got, want := e.Error(), "tarantool: Space 'zzz' does not exist (ER_NO_SUCH_SPACE, code 36)"; got != want {
		t.Errorf("Error(): got %q, want %q", got, want)
	}
	if e.Type() != "ClientError" || errors.Unwrap(e) != nil {
		t.Errorf("got Type %q, cause %v, want ClientError and no cause", e.Type(), errors.Unwrap(e))
	}

	_, b := readReply(t, replyPacket(0, 9, append(wire("81 30 dd 00000002 01"), errorExtValue...)))
	data := anyOf(t, b.Data).([]any)
	if _, ok := data[1].(*iproto.Error); !ok || data[0] != int64(1) {
		t.Errorf("CALL result: got %#v, want [1, *iproto.Error]", data)
	}
}

// TestErrorExtFields decodes an MP_ERROR frame with FIELDS (an
// AccessDeniedError) and a SystemError with ERRNO.
func TestErrorExtFields(t *testing.T) {
	payload := wire(`81 00 92
		87 00 b1 'AccessDeniedError' 02 0a 01 a5 'x.lua' 03 a6 'denied' 04 00 05 2a
		   06 83 ab 'object_type' a5 'space' ab 'object_name' a2 'kv' ab 'access_type' a4 'Read'
		86 00 ab 'SystemError' 02 01 01 a4 'y.cc' 03 a6 'no ent' 04 02 05 cc 73`)
	v := anyOf(t, append(iproto.AppendExtHeader(nil, iproto.ExtError, len(payload)), payload...))
	e := v.(*iproto.Error)
	want := iproto.ErrorStack{
		{Type: "AccessDeniedError", File: "x.lua", Line: 10, Message: "denied", Code: 42,
			Fields: map[string]any{"object_type": "space", "object_name": "kv", "access_type": "Read"}},
		{Type: "SystemError", File: "y.cc", Line: 1, Message: "no ent", Errno: 2, Code: 115},
	}
	if !reflect.DeepEqual(e.Stack, want) {
		t.Errorf("got %+v, want %+v", e.Stack, want)
	}
	if !errors.Is(e, iproto.ErrorCode(115)) {
		t.Errorf("errors.Is(err, 115) through the cause: got false, want true")
	}
}

func TestChunkReply(t *testing.T) {
	// Section 16: a box.session.push chunk, sync 6 (schema version not quoted).
	h, b := readReply(t, wire(`ce 00000022 83 00 ce 00000080 01 cf 0000000000000006 05 ce 00000053
		81 30 dd 00000001 81 a1 'i' 01`))
	if h.Type != iproto.TypeChunk || h.Sync != 6 {
		t.Errorf("header: got %+v, want CHUNK sync 6", h)
	}
	if got, want := anyOf(t, b.Data), []any{map[string]any{"i": int64(1)}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Data: got %#v, want %#v", got, want)
	}
}

func TestParseBodyKeys(t *testing.T) {
	cases := []struct {
		name string
		body string
		want iproto.Body
	}{
		{"empty", "", iproto.Body{}},
		{"empty map", "80", iproto.Body{}},
		{"map32 empty", "df 00000000", iproto.Body{}},
		{"ID reply", "83 54 04 55 95 00 01 02 03 04 5b a9 'chap-sha1'",
			iproto.Body{Version: 4, Features: wire("95 00 01 02 03 04"), AuthType: []byte("chap-sha1")}},
		{"event", "82 57 aa 'box.schema' 58 81 a7 'version' 53",
			iproto.Body{EventKey: []byte("box.schema"), EventData: wire("81 a7 'version' 53")}},
		{"position as string", "82 30 90 35 a3 'pos'", iproto.Body{Data: wire("90"), Position: []byte("pos")}},
		{"position as binary", "82 30 90 35 c4 03 'pos'", iproto.Body{Data: wire("90"), Position: []byte("pos")}},
		{"unknown keys skipped", "84 60 81 01 92 a0 a0 30 90 7f c0 cc 99 c3", iproto.Body{Data: wire("90")}},
		{"wide stmt id", "82 43 cf 0000000000000005 34 cd 0100", iproto.Body{StmtID: 5, HasStmtID: true, BindCount: 256}},
		{"error 24 only", "81 31 a3 'old'", iproto.Body{Error24: []byte("old")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := iproto.Body{Data: []byte("stale")}
			if err := iproto.ParseBody(wire(tc.body), &b); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(b, tc.want) {
				t.Errorf("got %+v, want %+v", b, tc.want)
			}
		})
	}
}

func TestParseBodyMalformed(t *testing.T) {
	for _, body := range []string{
		"c1", "90", "a0", "81", "81 30", "81 a1 'k' 90", "81 ff 90",
		"81 31 01",             // ERROR_24 not a string
		"81 43 a1 '1'",         // STMT_ID not an integer
		"81 43 ff",             // STMT_ID negative
		"81 57 c4 01 'k'",      // EVENT_KEY binary
		"81 35 01",             // POSITION neither string nor binary
		"81 30 dd 00000002 01", // DATA shorter than its count
	} {
		t.Run(body, func(t *testing.T) {
			var b iproto.Body
			var err error
			mustNotPanic(t, "ParseBody", func() { err = iproto.ParseBody(wire(body), &b) })
			if !errors.Is(err, iproto.ErrMalformed) {
				t.Errorf("got error %v, want ErrMalformed", err)
			}
		})
	}
}

// TestReplyTruncated cuts each real reply (without its size prefix) at
// every byte: DecodeHeader or ParseBody must fail, never panic.
func TestReplyTruncated(t *testing.T) {
	replies := map[string][]byte{
		"ping":         pingReply,
		"no such proc": noSuchProcReply,
		"select":       replyPacket(0, 1, selectBody),
		"execute":      replyPacket(0, 1, executeBody),
		"prepare":      replyPacket(0, 1, prepareBody),
		"sql info":     replyPacket(0, 1, sqlInfoBody),
		"nested error": replyPacket(0x80de, 1, nestedErrorBody),
	}
	for name, raw := range replies {
		t.Run(name, func(t *testing.T) {
			pkt := raw[5:]
			for n := 0; n < len(pkt); n++ {
				var err error
				mustNotPanic(t, "decode", func() {
					var h iproto.Header
					var body []byte
					if h, body, err = iproto.DecodeHeader(pkt[:n:n]); err == nil {
						_ = h
						var b iproto.Body
						err = iproto.ParseBody(body, &b)
					}
				})
				// A cut right after the header leaves an empty, valid body.
				if err == nil && n != headerLen(t, pkt) {
					t.Errorf("%d-byte prefix: got no error, want ErrMalformed", n)
				}
				if err != nil && !errors.Is(err, iproto.ErrMalformed) {
					t.Errorf("%d-byte prefix: got error %v, want ErrMalformed", n, err)
				}
			}
		})
	}
}

func headerLen(t *testing.T, pkt []byte) int {
	_, body, err := iproto.DecodeHeader(pkt)
	if err != nil {
		t.Fatal(err)
	}
	return len(pkt) - len(body)
}

func TestDecodeHeader(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want iproto.Header
		body string
	}{
		{"minimal", "82 00 00 01 01 80", iproto.Header{Sync: 1}, "80"},
		{"no body", "81 01 05", iproto.Header{Sync: 5}, ""},
		{"replication keys skipped", "85 00 00 01 01 02 03 04 cb 3ff0000000000000 0a 09 80",
			iproto.Header{Sync: 1, StreamID: 9}, "80"},
		{"event without sync", "81 00 4c 82 57 a0 58 c0", iproto.Header{Type: iproto.TypeEvent}, "82 57 a0 58 c0"},
		{"schema version u64 (3.x)", "83 00 ce 00000000 01 cf 0000000000000001 05 cf 0000000100000000",
			iproto.Header{Sync: 1, SchemaVersion: 1 << 32}, ""},
		{"map16 header", "de 0001 00 cd 8000", iproto.Header{Type: iproto.TypeErrorFlag}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, body, err := iproto.DecodeHeader(wire(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if h != tc.want || !bytes.Equal(body, wire(tc.body)) {
				t.Errorf("got %+v and body %s, want %+v and %s", h, hexOf(body), tc.want, tc.body)
			}
		})
	}
	for _, in := range []string{"", "90", "81", "81 00", "81 a1 'k' 00", "81 00 ff", "81 01 a1 '1'",
		"81 00 cf 0000000100000000", "81 05 ca 00000000", "81 02 c1"} {
		t.Run("malformed "+in, func(t *testing.T) {
			if _, _, err := iproto.DecodeHeader(wire(in)); !errors.Is(err, iproto.ErrMalformed) {
				t.Errorf("got error %v, want ErrMalformed", err)
			}
		})
	}
}

func TestReadPacketSizePrefix(t *testing.T) {
	body := wire("81 01 05")
	for _, prefix := range []string{"03", "cc 03", "cd 0003", "ce 00000003", "cf 0000000000000003"} {
		t.Run("size "+prefix, func(t *testing.T) {
			raw := append(wire(prefix), body...)
			pkt, err := iproto.ReadPacket(bufio.NewReader(bytes.NewReader(raw)), nil, 100)
			if err != nil || !bytes.Equal(pkt, body) {
				t.Errorf("got %s, %v, want %s", hexOf(pkt), err, hexOf(body))
			}
		})
	}
	for _, prefix := range []string{"c0", "c1", "a1 'x'", "ff", "d0 03", "d3 0000000000000003", "ca 00000000", "91 03", "c4 01 03"} {
		t.Run("not an uint "+prefix, func(t *testing.T) {
			raw := append(wire(prefix), body...)
			_, err := iproto.ReadPacket(bufio.NewReader(bytes.NewReader(raw)), nil, 100)
			if !errors.Is(err, iproto.ErrMalformed) {
				t.Errorf("got error %v, want ErrMalformed", err)
			}
		})
	}
}

func TestReadPacketTooLarge(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		limit  int
		size   uint64
	}{
		{"ce 00000101", 256, 257},
		{"cf ffffffffffffffff", 1 << 30, 1<<64 - 1},
		{"ce 80000001", 1<<31 - 1, iproto.MaxPacketSize + 1},
		{"01", 0, 1},
	} {
		t.Run(tc.prefix, func(t *testing.T) {
			_, err := iproto.ReadPacket(bufio.NewReader(bytes.NewReader(wire(tc.prefix))), nil, tc.limit)
			var tl *iproto.ReplyTooLargeError
			if !errors.As(err, &tl) {
				t.Fatalf("got error %v (%T), want *ReplyTooLargeError", err, err)
			}
			if tl.Size != tc.size || tl.Limit != tc.limit {
				t.Errorf("got size %d limit %d, want %d and %d", tl.Size, tl.Limit, tc.size, tc.limit)
			}
			if !strings.Contains(err.Error(), "max_reply_size") {
				t.Errorf("message %q does not name max_reply_size", err)
			}
		})
	}
	// Exactly at the limit is fine.
	raw := append(wire("ce 00000003"), 0x81, 0x01, 0x05)
	if _, err := iproto.ReadPacket(bufio.NewReader(bytes.NewReader(raw)), nil, 3); err != nil {
		t.Errorf("size equal to the limit: got error %v, want nil", err)
	}
}

func TestReadPacketTruncated(t *testing.T) {
	for n := 1; n < len(pingReply); n++ {
		_, err := iproto.ReadPacket(bufio.NewReader(bytes.NewReader(pingReply[:n])), nil, 1<<20)
		if err != io.ErrUnexpectedEOF {
			t.Errorf("%d-byte prefix: got error %v, want io.ErrUnexpectedEOF", n, err)
		}
	}
	if _, err := iproto.ReadPacket(bufio.NewReader(bytes.NewReader(nil)), nil, 1<<20); err != io.EOF {
		t.Errorf("no data: got error %v, want io.EOF", err)
	}
}

func TestResponseDecodeData(t *testing.T) {
	for _, tc := range []struct {
		name    string
		body    []byte
		want    []any
		wantErr bool
	}{
		{"tuples", []byte{0x81, 0x30, 0x91, 0x92, 0x01, 0xa1, 'x'}, []any{[]any{int64(1), "x"}}, false},
		{"no data", []byte{0x80}, nil, false},
		{"data not an array", []byte{0x81, 0x30, 0x05}, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := engine.NewResponse(iproto.Header{}, tc.body)
			got, err := r.DecodeData()
			if (err != nil) != tc.wantErr || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, %v; want %v, error %v", got, err, tc.want, tc.wantErr)
			}
			if err != nil && !errors.Is(err, iproto.ErrMalformed) {
				t.Errorf("error %v does not match ErrMalformed", err)
			}
		})
	}
}
