package iproto_test

import (
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// Requests built once: boxing a value into an interface may allocate, and
// that is the caller's cost, not the encoder's.
var (
	benchSelect = &iproto.Select{SpaceID: 513, Iterator: iproto.IterGe, Limit: 100, Key: []any{uint64(1)}}
	benchInsert = &iproto.Insert{SpaceID: 513, Tuple: []any{uint64(100500), "a string value", 3.25, true, nil, int64(-7)}}
	benchExec   = &iproto.Execute{SQL: "SELECT id, name FROM items WHERE id > ? AND name = :name",
		Args: []any{int64(10), iproto.NamedArg{Name: ":name", Value: "widget"}}}
	benchCall = &iproto.Call{Function: "box.space.kv:select", Args: []any{[]any{uint64(1)}, map[string]any{"limit": 10}}}
)

func benchEncode(b *testing.B, req iproto.Request) {
	buf := make([]byte, 0, 512)
	h := iproto.Header{Type: req.Type(), Sync: 1}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		h.Sync++
		var err error
		if buf, err = iproto.AppendPacket(buf[:0], h, req); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}

func BenchmarkEncodeSelect(b *testing.B)  { benchEncode(b, benchSelect) }
func BenchmarkEncodeInsert(b *testing.B)  { benchEncode(b, benchInsert) }
func BenchmarkEncodeExecute(b *testing.B) { benchEncode(b, benchExec) }
func BenchmarkEncodeCall(b *testing.B)    { benchEncode(b, benchCall) }

// selectReply is a SELECT reply of 10 tuples of 4 fields, without the size
// prefix, framed as the server frames it.
var selectReply = func() []byte {
	body := wire("81 30 dd 0000000a")
	for i := 0; i < 10; i++ {
		body = append(body, 0x94)
		body = iproto.AppendUint(body, uint64(1000+i))
		body = iproto.AppendString(body, "name of the tuple")
		body = iproto.AppendFloat64(body, 12.5)
		body = iproto.AppendBool(body, i%2 == 0)
	}
	return replyPacket(0, 42, body)[5:]
}()

func decodeSelectReply(pkt []byte, b *iproto.Body) error {
	_, body, err := iproto.DecodeHeader(pkt)
	if err != nil {
		return err
	}
	return iproto.ParseBody(body, b)
}

func BenchmarkDecodeSelectReply(b *testing.B) {
	var body iproto.Body
	b.ReportAllocs()
	b.SetBytes(int64(len(selectReply)))
	for i := 0; i < b.N; i++ {
		if err := decodeSelectReply(selectReply, &body); err != nil {
			b.Fatal(err)
		}
	}
}

// tuple10 is one tuple of 10 fields of mixed types.
var tuple10 = wire(`9a 01 cd 0400 d0 9c a5 'hello' d9 20 '0123456789abcdef0123456789abcdef'
	cb 400921fb54442d18 c3 c0 c4 04 deadbeef 92 01 a1 'x'`)

func BenchmarkDecoderAnyTuple10(b *testing.B) {
	d := iproto.NewDecoder(nil)
	b.ReportAllocs()
	b.SetBytes(int64(len(tuple10)))
	for i := 0; i < b.N; i++ {
		d.Reset(tuple10)
		if _, err := d.Any(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecoderSkipTuple10(b *testing.B) {
	d := iproto.NewDecoder(nil)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		d.Reset(tuple10)
		if err := d.Skip(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEncodeAllocs guards the hot path: encoding a request into a buffer
// with room allocates nothing.
func TestEncodeAllocs(t *testing.T) {
	for name, req := range map[string]iproto.Request{
		"select":  benchSelect,
		"insert":  benchInsert,
		"execute": benchExec,
		"call":    benchCall,
		"ping":    iproto.Ping{},
	} {
		t.Run(name, func(t *testing.T) {
			buf := make([]byte, 0, 512)
			h := iproto.Header{Type: req.Type(), Sync: 7, SchemaVersion: 83, StreamID: 1}
			var err error
			allocs := testing.AllocsPerRun(100, func() {
				buf, err = iproto.AppendPacket(buf[:0], h, req)
			})
			if err != nil {
				t.Fatal(err)
			}
			if allocs != 0 {
				t.Errorf("AppendPacket: got %v allocations per run, want 0", allocs)
			}
		})
	}
}

// TestDecodeAllocs: reading a SELECT reply's header and body slices
// allocates nothing.
func TestDecodeAllocs(t *testing.T) {
	var body iproto.Body
	var err error
	allocs := testing.AllocsPerRun(100, func() { err = decodeSelectReply(selectReply, &body) })
	if err != nil {
		t.Fatal(err)
	}
	if allocs != 0 {
		t.Errorf("DecodeHeader+ParseBody: got %v allocations per run, want 0", allocs)
	}
	if len(body.Data) == 0 {
		t.Errorf("Data: got none, want 10 tuples")
	}
}
