package tarantool_test

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"net"
	"strings"
	"syscall"
	"testing"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Bad input through database/sql: each a clear error naming what was wrong,
// and the connection still in use afterwards (one connection, never
// replaced).

// countedDB opens a pool of one connection on the shared server and
// returns the connector counting its dials.
func countedDB(t *testing.T, params string) (*sql.DB, *countingConnector) {
	t.Helper()
	s := tnttest.Require(t)
	cfg, err := tarantool.ParseDSN(s.DSN(params))
	if err != nil {
		t.Fatal(err)
	}
	inner, err := tarantool.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cc := &countingConnector{Connector: inner}
	db := sql.OpenDB(cc)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db, cc
}

func TestBadInputSQL(t *testing.T) {
	db, cc := countedDB(t, "")
	name := func(n string) string { return tnttest.SQLName(tnttest.Require(t).Version, n) }
	createTable(t, db, "bad_in", `id INTEGER PRIMARY KEY, d DOUBLE, s STRING, u UNSIGNED`)
	for _, tc := range []struct {
		name, query string
		args        []any
		code        iproto.ErrorCode // the server's error, or 0
		mention     string           // in the message
	}{
		{"syntax error", `SELEC 1`, nil, iproto.ErSQLSyntaxNearToken, "SELEC"},
		{"no such table", `SELECT * FROM nosuch_tbl`, nil, iproto.ErNoSuchSpace, name("nosuch_tbl")},
		{"no such column", `SELECT nosuch_col FROM bad_in`, nil, iproto.ErSQLCantResolveField, name("nosuch_col")},
		{"no such index", `SELECT * FROM bad_in INDEXED BY nosuch_idx`, nil, iproto.ErNoSuchIndexName, name("nosuch_idx")},
		{"string for INTEGER", `INSERT INTO bad_in(id) VALUES (?)`, []any{"abc"}, iproto.ErSQLTypeMismatch, "integer"},
		{"negative for UNSIGNED", `INSERT INTO bad_in(id, u) VALUES (1, ?)`, []any{-1}, iproto.ErSQLTypeMismatch, "unsigned"},
		{"integer overflow", `SELECT ? + 1`, []any{uint64(math.MaxUint64)}, iproto.ErSQLExecute, "overflow"},
		{"tuple above memtx_max_tuple_size", `INSERT INTO bad_in(id, s) VALUES (2, ?)`, []any{strings.Repeat("x", 2<<20)}, iproto.ErMemtxMaxTupleSize, "memtx_max_tuple_size"},
		{"too few arguments", `SELECT ?, ?`, []any{1}, 0, "2 '?' parameters, got 1"},
		{"too many arguments", `SELECT ?`, []any{1, 2}, 0, "1 '?' parameters, got 2"},
		{"no arguments", `SELECT :a`, nil, 0, "got no arguments"},
		{"missing name", `SELECT :a, :b`, []any{sql.Named("a", 1), sql.Named("c", 2)}, 0, `"c"`},
		{"slice argument", `SELECT ?`, []any{[]int{1}}, 0, "[]int"},
		{"struct argument", `SELECT ?`, []any{struct{ X int }{1}}, 0, "struct"},
		{"map argument", `SELECT ?`, []any{map[string]int{}}, 0, "map[string]int"},
		{"NaN", `SELECT ?`, []any{math.NaN()}, 0, "NaN"},
		{"float32 NaN", `SELECT ?`, []any{float32(math.NaN())}, 0, "NaN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.Exec(tc.query, tc.args...)
			if err == nil {
				t.Fatalf("%s %v: want an error", tc.query, tc.args)
			}
			var e *iproto.Error
			if tc.code != 0 && (!errors.Is(err, tc.code) || !errors.As(err, &e)) {
				t.Errorf("got %v, want the server's %v", err, tc.code)
			}
			if tc.code == 0 && (errors.As(err, &e) || !strings.Contains(err.Error(), "tarantool: ")) {
				t.Errorf("got %v, want the driver's own error", err)
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("got %q, want it to mention %q", err, tc.mention)
			}
			var n int
			if err := db.QueryRow(`SELECT 1`).Scan(&n); err != nil || n != 1 {
				t.Errorf("the connection after the error: got %d, %v", n, err)
			}
		})
	}
	if n := cc.n.Load(); n != 1 {
		t.Errorf("%d connections opened, want 1: bad input must not break the connection", n)
	}
}

// TestEdgeValues: values the server takes as they are. Infinities and the
// integer extremes round-trip; a STRING is bytes to Tarantool, so invalid
// UTF-8 and NUL come back byte for byte; a large value round-trips.
func TestEdgeValues(t *testing.T) {
	db, cc := countedDB(t, "")
	createTable(t, db, "edge_in", `id INTEGER PRIMARY KEY, d DOUBLE, s STRING, u UNSIGNED, i INTEGER, b VARBINARY`)
	big := strings.Repeat("0123456789abcdef", 32<<10) // 512 KiB, below memtx_max_tuple_size
	for i, tc := range []struct {
		column string
		value  any
		want   any // as Scan into any gives it
	}{
		{"d", math.Inf(1), math.Inf(1)},
		{"d", math.Inf(-1), math.Inf(-1)},
		{"d", -0.0, -0.0},
		{"d", math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64},
		{"u", uint64(math.MaxUint64), uint64(math.MaxUint64)},
		{"i", int64(math.MinInt64), int64(math.MinInt64)},
		{"i", int64(math.MaxInt64), int64(math.MaxInt64)},
		{"s", "\xff\xfe not UTF-8", "\xff\xfe not UTF-8"},
		{"s", "nul\x00inside", "nul\x00inside"},
		{"s", "", ""},
		{"s", big, big},
		{"b", []byte{0, 0xff, 0}, []byte{0, 0xff, 0}},
	} {
		t.Run(fmt.Sprintf("%s=%.20q", tc.column, fmt.Sprint(tc.value)), func(t *testing.T) {
			if _, err := db.Exec(`INSERT INTO edge_in(id, `+tc.column+`) VALUES (?, ?)`, i, tc.value); err != nil {
				t.Fatal(err)
			}
			var got any
			if err := db.QueryRow(`SELECT `+tc.column+` FROM edge_in WHERE id = ?`, i).Scan(&got); err != nil {
				t.Fatal(err)
			}
			same := fmt.Sprintf("%T %v", got, got) == fmt.Sprintf("%T %v", tc.want, tc.want)
			if b, ok := got.([]byte); ok {
				same = bytes.Equal(b, tc.want.([]byte))
			}
			if f, ok := got.(float64); ok && f == 0 {
				same = same && math.Signbit(f) == math.Signbit(tc.want.(float64))
			}
			if !same {
				t.Errorf("got %T %.40v, want %T %.40v", got, got, tc.want, tc.want)
			}
		})
	}
	if n := cc.n.Load(); n != 1 {
		t.Errorf("%d connections opened, want 1", n)
	}
}

// TestReplyTooLarge: a reply above max_reply_size is refused with an
// error naming the limit; the frame is skipped, so only its request fails
// and the connection serves on.
func TestReplyTooLarge(t *testing.T) {
	db, cc := countedDB(t, "max_reply_size=65536")
	var s string
	err := db.QueryRow(`SELECT ?`, strings.Repeat("x", 100<<10)).Scan(&s)
	var tl *iproto.ReplyTooLargeError
	if !errors.As(err, &tl) || tl.Limit != 65536 || tl.Size <= 100<<10 || !strings.Contains(err.Error(), "max_reply_size") {
		t.Fatalf("got %v, want a ReplyTooLargeError naming max_reply_size and the limit 65536", err)
	}
	var ce *engine.ConnError
	if errors.As(err, &ce) {
		t.Errorf("got %v, want the request's own error, not a ConnError", err)
	}
	if err := db.QueryRow(`SELECT ?`, "small").Scan(&s); err != nil || s != "small" {
		t.Errorf("after the refusal: got %q, %v", s, err)
	}
	if n := cc.n.Load(); n != 1 {
		t.Errorf("%d connections opened, want 1: the connection outlives the refused reply", n)
	}
}

// TestBadDSN: sql.Open reports a malformed DSN at once, naming the part;
// a port where nothing listens fails the first call at the connect step.
func TestBadDSN(t *testing.T) {
	for _, tc := range []struct{ dsn, mention string }{
		{"tarantool://127.0.0.1?bogus=1", `"bogus"`},
		{"tarantool://127.0.0.1:65536", "port"},
		{"tarantool://127.0.0.1?request_timeout=5", "request_timeout"},
		{"mysql://127.0.0.1", "tarantool://"},
	} {
		_, err := sql.Open("tarantool", tc.dsn)
		if err == nil || !strings.Contains(err.Error(), tc.mention) {
			t.Errorf("sql.Open(%q): got %v, want an error mentioning %s", tc.dsn, err, tc.mention)
		}
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	db, err := sql.Open("tarantool", "tarantool://"+addr+"?connect_timeout=2s")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Ping()
	var de *engine.DialError
	if !errors.As(err, &de) || de.Step != "connect" || !strings.Contains(err.Error(), addr) ||
		!errors.Is(err, syscall.ECONNREFUSED) || !de.SafeToRetry() {
		t.Errorf("nothing on %s: got %v, want a DialError at the connect step, refused, naming the address", addr, err)
	}
}
