package tntotel_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/box"
	tntotel "github.com/tntsql/tarantool/contrib/otel"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// dial connects to s with h's Tracer.
func (h *harness) dial(t *testing.T, s *tnttest.Server) *engine.Conn {
	t.Helper()
	cfg := s.Config()
	cfg.Tracer = h.tr
	ic, err := engine.Dial(testCtx(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ic.Close() })
	return ic
}

// boxConn connects box to s with h's Tracer.
func (h *harness) boxConn(t *testing.T, s *tnttest.Server) *box.Conn {
	t.Helper()
	cfg := s.Config()
	cfg.Tracer = h.tr
	c, err := box.ConnectConfig(testCtx(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// spaceID returns the id of space name.
func spaceID(t *testing.T, c *box.Conn, name string) int64 {
	t.Helper()
	sch, err := c.Schema(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	sp, ok := sch.Space(name)
	if !ok {
		t.Fatalf("no space %q", name)
	}
	return int64(sp.ID)
}

// checkOK fails unless span is a Client span that ended without error.
func checkOK(t *testing.T, span sdktrace.ReadOnlySpan) {
	t.Helper()
	if span.SpanKind() != trace.SpanKindClient {
		t.Errorf("span %q kind %v, want client", span.Name(), span.SpanKind())
	}
	if span.Status().Code != codes.Unset || len(span.Events()) != 0 {
		t.Errorf("span %q status %v, events %v; want unset, none", span.Name(), span.Status(), span.Events())
	}
}

func TestBoxSelect(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t)
	c := h.boxConn(t, s)

	ctx, p := h.parent(testCtx(t))
	r := c.Select(ctx, "kv", nil, nil, &box.SelectOpts{Iterator: box.All, Limit: 1})
	err := r.Err()
	r.Release()
	p.End()
	if err != nil {
		t.Fatal(err)
	}
	span := h.only(t, p)
	checkOK(t, span)
	base := with(serverAttrs(t, s), attribute.String("db.operation.name", "SELECT"))
	// box passes the name the caller gave (engine.CallOptions.SpaceName).
	if span.Name() != "SELECT kv" {
		t.Errorf("span name %q, want %q", span.Name(), "SELECT kv")
	}
	checkAttrs(t, span, with(base, attribute.String("db.collection.name", "kv"))...)
}

func TestCollectionName(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t)
	ic := h.dial(t, s)
	kv := spaceID(t, box.NewConn(ic), "kv")

	ctx, p := h.parent(testCtx(t))
	resp, err := ic.DoOpts(ctx, &iproto.Select{SpaceID: uint32(kv), Iterator: iproto.IterAll, Limit: 1},
		&engine.CallOptions{SpaceName: "kv"})
	p.End()
	if err != nil {
		t.Fatal(err)
	}
	resp.Release()
	span := h.only(t, p)
	checkOK(t, span)
	if span.Name() != "SELECT kv" {
		t.Errorf("span name %q, want %q", span.Name(), "SELECT kv")
	}
	checkAttrs(t, span, with(serverAttrs(t, s),
		attribute.String("db.operation.name", "SELECT"),
		attribute.String("db.collection.name", "kv"))...)
}

// openDB opens a database/sql pool on s with h's Tracer.
func (h *harness) openDB(t *testing.T, s *tnttest.Server) *sql.DB {
	t.Helper()
	cfg, err := tarantool.ParseDSN(s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Tracer = h.tr
	connector, err := tarantool.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSQLQuery(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t)
	db := h.openDB(t, s)
	ctx := testCtx(t)
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, name STRING)"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec("DROP TABLE t") })
	const secret = "s3cr3t-argument"
	if _, err := db.ExecContext(ctx, "INSERT INTO t VALUES (?, ?)", 1, secret); err != nil {
		t.Fatal(err)
	}

	const query = "SELECT name FROM t WHERE id = ?"
	pctx, p := h.parent(ctx)
	var name string
	err := db.QueryRowContext(pctx, query, 1).Scan(&name)
	p.End()
	if err != nil || name != secret {
		t.Fatalf("query: %q, %v", name, err)
	}
	span := h.only(t, p)
	checkOK(t, span)
	if span.Name() != "EXECUTE" {
		t.Errorf("span name %q, want EXECUTE", span.Name())
	}
	checkAttrs(t, span, with(serverAttrs(t, s),
		attribute.String("db.operation.name", "EXECUTE"),
		attribute.String("db.query.text", query))...)

	// No span has an argument value, the INSERT's included.
	for _, sp := range h.spans.Ended() {
		for _, kv := range sp.Attributes() {
			if strings.Contains(kv.Value.Emit(), secret) {
				t.Errorf("span %q records an argument value: %v", sp.Name(), kv)
			}
		}
	}
}

func TestNoQueryText(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t, tntotel.WithQueryText(false))
	ic := h.dial(t, s)

	ctx, p := h.parent(testCtx(t))
	resp, err := ic.Do(ctx, &iproto.Execute{SQL: "SELECT 1"})
	p.End()
	if err != nil {
		t.Fatal(err)
	}
	resp.Release()
	span := h.only(t, p)
	checkAttrs(t, span, with(serverAttrs(t, s), attribute.String("db.operation.name", "EXECUTE"))...)
}

func TestCallEvalPing(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t)
	ic := h.dial(t, s)
	ctx := testCtx(t)
	base := serverAttrs(t, s)
	for _, tc := range []struct {
		req   iproto.Request
		name  string
		attrs []attribute.KeyValue
	}{
		{&iproto.Call{Function: "echo", Args: []any{"s3cr3t"}}, "CALL echo", []attribute.KeyValue{
			attribute.String("db.operation.name", "CALL"),
			attribute.String("db.stored_procedure.name", "echo")}},
		{&iproto.Eval{Expr: "return ...", Args: []any{"s3cr3t"}}, "EVAL", []attribute.KeyValue{
			attribute.String("db.operation.name", "EVAL"),
			attribute.String("db.query.text", "return ...")}},
		{iproto.Ping{}, "PING " + s.Addr, []attribute.KeyValue{
			attribute.String("db.operation.name", "PING")}},
	} {
		pctx, p := h.parent(ctx)
		resp, err := ic.Do(pctx, tc.req)
		p.End()
		if err != nil {
			t.Fatal(err)
		}
		resp.Release()
		span := h.only(t, p)
		checkOK(t, span)
		if span.Name() != tc.name {
			t.Errorf("span name %q, want %q", span.Name(), tc.name)
		}
		checkAttrs(t, span, with(base, tc.attrs...)...)
	}
}

func TestServerError(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t)
	c := h.boxConn(t, s)
	ctx := testCtx(t)
	key := uint64(7300001)
	if err := c.Replace(ctx, "kv", []any{key, "a"}).Err(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Delete(context.Background(), "kv", nil, key).Err() })

	pctx, p := h.parent(ctx)
	err := c.Insert(pctx, "kv", []any{key, "b"}).Err()
	p.End()
	var se *iproto.Error
	if !errors.As(err, &se) || se.Code != iproto.ErTupleFound {
		t.Fatalf("insert of a duplicate: %v, want ER_TUPLE_FOUND", err)
	}
	span := h.only(t, p)
	if st := span.Status(); st.Code != codes.Error || st.Description != err.Error() {
		t.Errorf("status %v, want Error %q", st, err.Error())
	}
	if ev := span.Events(); len(ev) != 1 || ev[0].Name != "exception" {
		t.Errorf("events %v, want one exception", ev)
	}
	want := []attribute.KeyValue{
		attribute.String("db.operation.name", "INSERT"),
		attribute.String("error.type", "ER_TUPLE_FOUND"),
		attribute.String("db.response.status_code", fmt.Sprint(uint32(iproto.ErTupleFound))),
	}
	if v, ok := attr(span, "db.collection.name"); ok {
		want = append(want, attribute.String("db.collection.name", v.AsString()))
	} else {
		want = append(want, tntotel.SpaceIDKey.Int64(spaceID(t, c, "kv")))
	}
	checkAttrs(t, span, with(serverAttrs(t, s), want...)...)
}

// gates numbers the server's gates the tests use.
var gates atomic.Int64

func TestCanceled(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t)
	ic := h.dial(t, s)
	ctx := testCtx(t)

	gate := fmt.Sprintf("otel-cancel-%d", gates.Add(1)) // a gate stays open
	pctx, p := h.parent(ctx)
	f, err := ic.SendContext(pctx, &iproto.Call{Function: "gate_wait", Args: []any{gate}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = f.Wait(cctx)
	p.End()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("wait: %v, want context.Canceled", err)
	}
	if resp, err := ic.Do(ctx, &iproto.Call{Function: "gate_open", Args: []any{gate}}); err != nil {
		t.Fatal(err)
	} else {
		resp.Release()
	}
	span := h.only(t, p)
	if span.Status().Code != codes.Error {
		t.Errorf("status %v, want Error", span.Status())
	}
	checkAttrs(t, span, with(serverAttrs(t, s),
		attribute.String("db.operation.name", "CALL"),
		attribute.String("db.stored_procedure.name", "gate_wait"),
		attribute.String("error.type", "context.Canceled"))...)
}

func TestReleased(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t)
	ic := h.dial(t, s)

	ctx, p := h.parent(testCtx(t))
	f, err := ic.SendContext(ctx, &iproto.Call{Function: "echo"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Release()
	p.End()
	span := h.only(t, p)
	checkOK(t, span)
	checkAttrs(t, span, with(serverAttrs(t, s),
		attribute.String("db.operation.name", "CALL"),
		attribute.String("db.stored_procedure.name", "echo"),
		tntotel.AbandonedKey.Bool(true))...)
}

func TestErrorMessagesOff(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t, tntotel.WithErrorMessages(false))
	c := h.boxConn(t, s)
	ctx := testCtx(t)
	key := uint64(7300002)
	const secret = "s3cr3t-tuple"
	if err := c.Replace(ctx, "kv", []any{key, secret}).Err(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Delete(context.Background(), "kv", nil, key).Err() })

	pctx, p := h.parent(ctx)
	err := c.Insert(pctx, "kv", []any{key, secret}).Err()
	p.End()
	if !errors.Is(err, iproto.ErTupleFound) {
		t.Fatalf("insert of a duplicate: %v, want ER_TUPLE_FOUND", err)
	}
	span := h.only(t, p)
	if st := span.Status(); st.Code != codes.Error || st.Description != "ER_TUPLE_FOUND" {
		t.Errorf("status %v, want Error %q", st, "ER_TUPLE_FOUND")
	}
	ev := span.Events()
	if len(ev) != 1 || ev[0].Name != "exception" || len(ev[0].Attributes) != 1 ||
		ev[0].Attributes[0] != attribute.String("exception.type", "ER_TUPLE_FOUND") {
		t.Errorf("events %v, want one exception with exception.type only", ev)
	}
	for _, kv := range span.Attributes() {
		if strings.Contains(kv.Value.Emit(), secret) {
			t.Errorf("span records the tuple: %v", kv)
		}
	}
}
