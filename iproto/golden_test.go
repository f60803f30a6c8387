package iproto_test

import (
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tntsql/tarantool/iproto"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// greetingSalt is the salt of the real 2.6.0 greeting in iproto.md section 2.
var greetingSalt, _ = base64.StdEncoding.DecodeString("mFlSsJUkcH3/ulsWP+NQ2H7XT+7DUuQ6O/Yk3IQCGuU=")

// goldenStmtID is the statement id of the PREPARE reply in iproto.md section 10.
const goldenStmtID = 0x3624217f

// goldenRequest is one request encoder's representative packet. layout,
// when set, is the packet written out by hand from iproto.md (sections 1,
// 3, 6, 8, 10, 14): the golden file must hold exactly these bytes.
type goldenRequest struct {
	name   string
	header iproto.Header
	req    iproto.Request
	layout string
}

func goldenRequests() []goldenRequest {
	h := func(r iproto.Request) iproto.Header { return iproto.Header{Type: r.Type(), Sync: 7} }
	reqs := []struct {
		name   string
		req    iproto.Request
		layout string
	}{
		{"ping", iproto.Ping{},
			// size 5; header {REQUEST_TYPE: 64, SYNC: 7}; no body (section 8)
			"ce 00000005  82 00 40 01 07"},
		{"auth", &iproto.Auth{User: "tester", Scramble: iproto.ChapSHA1Scramble("secret", greetingSalt)},
			// {0x23 USER_NAME: "tester", 0x21 TUPLE: ["chap-sha1", scramble]} (section 3);
			// the scramble is the known vector of TestChapSHA1Scramble
			"ce 0000002f  82 00 07 01 07  82 23 a6 'tester' 21 92 a9 'chap-sha1' b4 c22bbad9d1c39c14139ae5b343150902b5f33e4a"},
		{"auth_guest", &iproto.Auth{User: "guest"},
			// {0x23: "guest", 0x21: []}: no password (section 3)
			"ce 0000000f  82 00 07 01 07  82 23 a5 'guest' 21 90"},
		{"id", &iproto.ID{Version: iproto.ProtocolVersion, Features: []iproto.Feature{0, 1, 2, 3, 4, 5, 6}},
			// {0x54 VERSION: 6, 0x55 FEATURES: [0..6]} (section 12)
			"ce 00000011  82 00 49 01 07  82 54 06 55 97 00 01 02 03 04 05 06"},
		{"select", &iproto.Select{SpaceID: 513, IndexID: 1, Iterator: iproto.IterGe, Offset: 10, Limit: 100, Key: []any{"one"}},
			// {0x10 space 513, 0x11 index 1, 0x12 limit 100, 0x13 offset 10, 0x14 GE, 0x20 key ["one"]} (section 8)
			"ce 00000018  82 00 01 01 07  86 10 cd 0201 11 01 12 64 13 0a 14 05 20 91 a3 'one'"},
		{"select_all", &iproto.Select{SpaceID: 281, Iterator: iproto.IterAll},
			// limit 0 means none: 0xffffffff; nil key is []
			"ce 00000018  82 00 01 01 07  86 10 cd 0119 11 00 12 ce ffffffff 13 00 14 02 20 90"},
		{"select_after_position", &iproto.Select{SpaceID: 513, Iterator: iproto.IterGt, Limit: 2, Key: []any{uint64(1)},
			FetchPosition: true, After: []byte("pos")},
			// plus 0x1f FETCH_POSITION: true, 0x2e AFTER_POSITION: "pos" (section 8, pagination)
			"ce 0000001c  82 00 01 01 07  88 10 cd 0201 11 00 12 02 13 00 14 06 20 91 01 1f c3 2e a3 'pos'"},
		{"select_after_tuple", &iproto.Select{SpaceID: 513, Iterator: iproto.IterGt, Limit: 2, Key: []any{},
			AfterTuple: []any{uint64(1), "one"}},
			// plus 0x2f AFTER_TUPLE: [1, "one"]
			"ce 0000001b  82 00 01 01 07  87 10 cd 0201 11 00 12 02 13 00 14 06 20 90 2f 92 01 a3 'one'"},
		{"insert", &iproto.Insert{SpaceID: 513, Tuple: []any{uint64(1), "one"}},
			"ce 00000011  82 00 02 01 07  82 10 cd 0201 21 92 01 a3 'one'"},
		{"replace", &iproto.Replace{SpaceID: 513, Tuple: []any{uint64(2), nil}},
			"ce 0000000e  82 00 03 01 07  82 10 cd 0201 21 92 02 c0"},
		{"delete", &iproto.Delete{SpaceID: 513, IndexID: 0, Key: []any{uint64(1)}},
			"ce 0000000f  82 00 05 01 07  83 10 cd 0201 11 00 20 91 01"},
		{"update", &iproto.Update{SpaceID: 513, Key: []any{uint64(1)}, Ops: []any{[]any{"=", 1, "xyz"}}},
			// the ops go under 0x21 TUPLE, not 0x28 OPS (sections 8 and 19)
			"ce 00000019  82 00 04 01 07  84 10 cd 0201 11 00 20 91 01 21 91 93 a1 '=' 01 a3 'xyz'"},
		{"upsert", &iproto.Upsert{SpaceID: 513, Tuple: []any{uint64(1), "one"}, Ops: []any{[]any{"+", 2, 5}}},
			// here the ops go under 0x28 OPS
			"ce 00000018  82 00 09 01 07  83 10 cd 0201 21 92 01 a3 'one' 28 91 93 a1 '+' 02 05"},
		{"call", &iproto.Call{Function: "echo", Args: []any{1, "a", []any{1, 2}, map[string]any{"x": 1}}},
			"ce 00000018  82 00 0a 01 07  82 22 a4 'echo' 21 94 01 a1 'a' 92 01 02 81 a1 'x' 01"},
		{"call_no_args", &iproto.Call{Function: "box.info"},
			"ce 00000012  82 00 0a 01 07  82 22 a8 'box.info' 21 90"},
		{"call16", &iproto.Call16{Function: "echo", Args: []any{1, "a"}},
			"ce 00000011  82 00 06 01 07  82 22 a4 'echo' 21 92 01 a1 'a'"},
		{"eval", &iproto.Eval{Expr: "return ...", Args: []any{1, 2}},
			"ce 00000016  82 00 08 01 07  82 27 aa 'return ...' 21 92 01 02"},
		{"execute", &iproto.Execute{SQL: "SELECT ?, :n", Args: []any{10, iproto.NamedArg{Name: ":n", Value: 20}}},
			// {0x40 SQL_TEXT, 0x41 SQL_BIND: [10, {":n": 20}]} (section 10)
			"ce 0000001c  82 00 0b 01 07  82 40 ac 'SELECT ?, :n' 41 92 0a 81 a2 ':n' 14"},
		{"execute_no_binds", &iproto.Execute{SQL: "SELECT 1 AS a"},
			"ce 00000017  82 00 0b 01 07  82 40 ad 'SELECT 1 AS a' 41 90"},
		{"execute_stmt", &iproto.Execute{StmtID: goldenStmtID, Args: []any{int64(-1), "x"}},
			// {0x43 STMT_ID, 0x41 SQL_BIND}
			"ce 00000011  82 00 0b 01 07  82 43 ce 3624217f 41 92 ff a1 'x'"},
		{"prepare", &iproto.Prepare{SQL: "SELECT 1 AS a"},
			"ce 00000015  82 00 0d 01 07  81 40 ad 'SELECT 1 AS a'"},
		{"unprepare", &iproto.Unprepare{StmtID: goldenStmtID},
			// a PREPARE with only STMT_ID
			"ce 0000000c  82 00 0d 01 07  81 43 ce 3624217f"},
		{"begin", &iproto.Begin{Timeout: 1500 * time.Millisecond, Isolation: iproto.IsolationReadCommitted},
			// {0x56 TIMEOUT: float64 1.5 (0xcb, section 6), 0x59 TXN_ISOLATION: 1} (section 14)
			"ce 00000012  82 00 0e 01 07  82 56 cb 3ff8000000000000 59 01"},
		{"begin_timeout", &iproto.Begin{Timeout: 2 * time.Second},
			"ce 00000010  82 00 0e 01 07  81 56 cb 4000000000000000"},
		{"begin_empty", &iproto.Begin{},
			"ce 00000005  82 00 0e 01 07"},
		{"commit", iproto.Commit{},
			"ce 00000005  82 00 0f 01 07"},
		{"rollback", iproto.Rollback{},
			"ce 00000005  82 00 10 01 07"},
		{"watch", &iproto.Watch{Key: "box.schema"},
			"ce 00000012  82 00 4a 01 07  81 57 aa 'box.schema'"},
		{"unwatch", &iproto.Unwatch{Key: "box.schema"},
			"ce 00000012  82 00 4b 01 07  81 57 aa 'box.schema'"},
	}
	out := make([]goldenRequest, 0, len(reqs)+2)
	for _, r := range reqs {
		out = append(out, goldenRequest{name: r.name, header: h(r.req), req: r.req, layout: r.layout})
	}
	out = append(out,
		goldenRequest{
			name:   "ping_stream_schema",
			header: iproto.Header{Type: iproto.TypePing, Sync: 7, SchemaVersion: 83, StreamID: 42},
			req:    iproto.Ping{},
			// {REQUEST_TYPE, SYNC, 0x05 SCHEMA_VERSION: 83, 0x0a STREAM_ID: 42} (sections 5, 11, 14)
			layout: "ce 00000009  84 00 40 01 07 05 53 0a 2a",
		},
		goldenRequest{
			name:   "select_big_header",
			header: iproto.Header{Type: iproto.TypeSelect, Sync: 1 << 40, SchemaVersion: 1 << 33, StreamID: 300},
			req:    &iproto.Select{SpaceID: 289, IndexID: 2, Limit: 1, Key: []any{uint64(513), "pk"}},
			layout: "ce 00000030  84 00 01 01 cf 0000010000000000 05 cf 0000000200000000 0a cd 012c" +
				"  86 10 cd 0121 11 02 12 01 13 00 14 00 20 92 cd 0201 a2 'pk'",
		},
	)
	return out
}

func goldenPath(name string) string {
	return filepath.Join("testdata", "golden", name+".msgpack")
}

// TestRequestLayout checks the hand-written layouts before the golden
// files are trusted.
func TestRequestLayout(t *testing.T) {
	for _, g := range goldenRequests() {
		if g.layout == "" {
			continue
		}
		t.Run(g.name, func(t *testing.T) {
			got, err := iproto.AppendPacket(nil, g.header, g.req)
			if err != nil {
				t.Fatal(err)
			}
			if want := wire(g.layout); !bytes.Equal(got, want) {
				t.Errorf("got  %s\nwant %s", hexOf(got), hexOf(want))
			}
		})
	}
}

// TestGolden compares every request encoder with its golden file; run
// `go test ./iproto -run TestGolden -update` to rewrite them.
func TestGolden(t *testing.T) {
	for _, g := range goldenRequests() {
		t.Run(g.name, func(t *testing.T) {
			got, err := iproto.AppendPacket(nil, g.header, g.req)
			if err != nil {
				t.Fatal(err)
			}
			path := goldenPath(g.name)
			if *updateGolden {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s:\ngot  %s\nwant %s", path, hexOf(got), hexOf(want))
			}
		})
	}
}

// TestGoldenFilesUsed fails on a golden file no request produces.
func TestGoldenFilesUsed(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.msgpack"))
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, g := range goldenRequests() {
		known[goldenPath(g.name)] = true
	}
	for _, f := range files {
		if !known[f] {
			t.Errorf("golden file %s belongs to no request", f)
		}
	}
}

// TestRequestFraming decodes every golden packet: a 5-byte size prefix
// equal to the rest, a header whose keys are one-byte fixints, and a body
// (when present) that is one map whose keys are one-byte fixints (iproto.md
// section 1: the server matches SQL and 2.6 DML keys by their first byte).
func TestRequestFraming(t *testing.T) {
	for _, g := range goldenRequests() {
		t.Run(g.name, func(t *testing.T) {
			pkt, err := iproto.AppendPacket(nil, g.header, g.req)
			if err != nil {
				t.Fatal(err)
			}
			d := iproto.NewDecoder(pkt)
			if pkt[0] != 0xce {
				t.Errorf("size prefix: got 0x%02x, want 0xce", pkt[0])
			}
			size, err := d.Uint()
			if err != nil || size != uint64(len(pkt)-5) {
				t.Fatalf("size prefix: got %d, %v, want %d", size, err, len(pkt)-5)
			}
			h, body, err := iproto.DecodeHeader(pkt[5:])
			if err != nil {
				t.Fatal(err)
			}
			if h != g.header {
				t.Errorf("header: got %+v, want %+v", h, g.header)
			}
			checkFixintKeys(t, "header", pkt[5:len(pkt)-len(body)])
			if len(body) > 0 {
				checkFixintKeys(t, "body", body)
			}
		})
	}
}

func checkFixintKeys(t *testing.T, what string, b []byte) {
	t.Helper()
	d := iproto.NewDecoder(b)
	n, err := d.MapLen()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for i := 0; i < n; i++ {
		k, err := d.Raw()
		if err != nil {
			t.Fatalf("%s key %d: %v", what, i, err)
		}
		if len(k) != 1 || k[0] >= 0x80 {
			t.Errorf("%s key %d: got %s, want a one-byte positive fixint", what, i, hexOf(k))
		}
		if err := d.Skip(); err != nil {
			t.Fatalf("%s value %d: %v", what, i, err)
		}
	}
	if d.Len() != 0 {
		t.Errorf("%s: got %d bytes after the map, want 0", what, d.Len())
	}
}

// chapSHA1 is the formula of iproto.md section 3, written independently.
func chapSHA1(password string, salt []byte) []byte {
	step1 := sha1.Sum([]byte(password))
	step2 := sha1.Sum(step1[:])
	step3 := sha1.Sum(append(append([]byte{}, salt[:20]...), step2[:]...))
	out := make([]byte, 20)
	for i := range out {
		out[i] = step1[i] ^ step3[i]
	}
	return out
}

func TestChapSHA1Scramble(t *testing.T) {
	zeros := make([]byte, 20)
	long := bytes.Repeat([]byte{0xab}, 64)
	for _, tc := range []struct {
		password string
		salt     []byte
	}{
		{"secret", greetingSalt},
		{"", greetingSalt},
		{"pässwörd with spaces", greetingSalt[:20]},
		{"x", zeros},
		{"long password " + string(long), long},
	} {
		got := iproto.ChapSHA1Scramble(tc.password, tc.salt)
		if want := chapSHA1(tc.password, tc.salt); !bytes.Equal(got, want) {
			t.Errorf("ChapSHA1Scramble(%q, %x): got %x, want %x", tc.password, tc.salt, got, want)
		}
	}

	// Only the first 20 bytes of the salt count.
	other := append(append([]byte{}, greetingSalt[:20]...), bytes.Repeat([]byte{0xff}, 12)...)
	if a, b := iproto.ChapSHA1Scramble("secret", greetingSalt), iproto.ChapSHA1Scramble("secret", other); !bytes.Equal(a, b) {
		t.Errorf("scrambles differ with salt bytes 20..31 changed: %x vs %x", a, b)
	}

	// A known vector: the greeting salt of iproto.md section 2 and password
	// "secret", computed with Python's hashlib.
	got := iproto.ChapSHA1Scramble("secret", greetingSalt)
	if want := wire("c22bbad9d1c39c14139ae5b343150902b5f33e4a"); !bytes.Equal(got, want) {
		t.Errorf("known vector: got %x, want %x", got, want)
	}

	// The server's check (Tarantool's scramble_check): with hash2 the
	// SHA1(SHA1(password)) it stores, SHA1(scramble XOR SHA1(salt ++ hash2))
	// must equal hash2. This hash2 is what box.schema.user.password('secret')
	// printed on Tarantool 2.6.0.
	hash2, _ := base64.StdEncoding.DecodeString("FOZVZ6vbUTXQz9mnCzAywXmknuc=")
	h := sha1.Sum(append(append([]byte{}, greetingSalt[:20]...), hash2...))
	candidate := make([]byte, 20)
	for i := range candidate {
		candidate[i] = got[i] ^ h[i]
	}
	if c := sha1.Sum(candidate); !bytes.Equal(c[:], hash2) {
		t.Errorf("server-side check: got SHA1(step1) %x, want hash2 %x", c, hash2)
	}
}
