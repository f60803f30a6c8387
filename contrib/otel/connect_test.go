package tntotel_test

import (
	"errors"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	tntotel "github.com/tntsql/tarantool/contrib/otel"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
)

func TestConnect(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t)
	ctx, p := h.parent(testCtx(t))
	cfg := s.Config()
	cfg.Tracer = h.tr
	ic, err := engine.Dial(ctx, cfg)
	p.End()
	if err != nil {
		t.Fatal(err)
	}
	defer ic.Close()
	// The session setup's requests are children of the connect span.
	span := h.only(t, p)
	if span.Name() != "connect" {
		t.Fatalf("span %q, want connect", span.Name())
	}
	setup := h.children(spanOf(span))
	if len(setup) == 0 {
		t.Error("no span of the session setup (sql_full_metadata) under the connect span")
	}
	for _, c := range setup {
		if c.EndTime().After(span.EndTime()) {
			t.Errorf("setup request span %q ends after the connect span", c.Name())
		}
	}
	checkOK(t, span)
	checkAttrs(t, span, with(serverAttrs(t, s), attribute.String("network.transport", "tcp"))...)
}

func TestConnectFailure(t *testing.T) {
	tnttest.Require(t)
	h := newHarness(t)
	addr := closedAddr(t)
	cfg := engine.NewConfig()
	cfg.Address, cfg.Tracer = addr.String(), h.tr
	ctx, p := h.parent(testCtx(t))
	_, err := engine.Dial(ctx, cfg)
	p.End()
	var de *engine.DialError
	if !errors.As(err, &de) || de.Step != "connect" {
		t.Fatalf("dial of a closed port: %v, want a DialError at connect", err)
	}
	span := h.only(t, p)
	if span.Name() != "connect" {
		t.Fatalf("span %q, want connect", span.Name())
	}
	if st := span.Status(); st.Code != codes.Error || st.Description != err.Error() {
		t.Errorf("status %v, want Error %q", st, err.Error())
	}
	if ev := span.Events(); len(ev) != 1 || ev[0].Name != "exception" {
		t.Errorf("events %v, want one exception", ev)
	}
	checkAttrs(t, span,
		attribute.String("db.system.name", "tarantool"),
		attribute.String("server.address", "127.0.0.1"),
		attribute.Int("server.port", addr.Port),
		attribute.String("network.transport", "tcp"),
		tntotel.ConnectStepKey.String("connect"),
		attribute.String("error.type", "*engine.DialError"))
}

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) *net.TCPAddr {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	ln.Close()
	return addr
}

func TestReconnect(t *testing.T) {
	s := tnttest.Require(t)
	h := newHarness(t)
	proxy := tnttest.Proxy(t, s)
	ctx := testCtx(t)
	cfg, err := engine.ParseDSN(s.DSNVia(proxy.Addr(), "reconnect_delay=1ms&fetch_schema=false"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Tracer = h.tr
	c, err := box.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	first := c.EngineConn()
	proxy.ResetAll()
	select {
	case <-first.Done():
	case <-ctx.Done():
		t.Fatal("the connection did not break")
	}
	// Ping waits for the reconnection, which is traced before it is used.
	if err := c.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	spans := h.named("reconnect")
	if len(spans) != 1 {
		t.Fatalf("%d reconnect spans, want 1", len(spans))
	}
	span := spans[0]
	checkOK(t, span)
	host, port, _ := net.SplitHostPort(proxy.Addr())
	p, _ := strconv.Atoi(port)
	checkAttrs(t, span,
		attribute.String("db.system.name", "tarantool"),
		attribute.String("server.address", host),
		attribute.Int("server.port", p),
		tntotel.ReconnectAttemptKey.Int(1),
		tntotel.ReconnectCauseKey.String(first.Err().Error()))
	if n := len(h.named("connect")); n != 2 {
		t.Errorf("%d connect spans, want 2: the first Dial and the reconnection's", n)
	}
}

func TestUnixSocket(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{Unix: true})
	h := newHarness(t)
	ctx, p := h.parent(testCtx(t))
	cfg := s.Config()
	cfg.Tracer = h.tr
	ic, err := engine.Dial(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer ic.Close()
	resp, err := ic.Do(ctx, iproto.Ping{})
	p.End()
	if err != nil {
		t.Fatal(err)
	}
	resp.Release()
	spans := h.children(p)
	if len(spans) != 2 || spans[0].Name() != "connect" || spans[1].Name() != "PING "+s.Addr {
		t.Fatalf("spans %v, want connect, PING %s", names(spans), s.Addr)
	}
	server := []attribute.KeyValue{
		attribute.String("db.system.name", "tarantool"),
		attribute.String("server.address", s.Addr),
	}
	checkAttrs(t, spans[0], with(server, attribute.String("network.transport", "unix"))...)
	checkAttrs(t, spans[1], with(server, attribute.String("db.operation.name", "PING"))...)
}

// TestRoleChange: the master of a replica set turning read-only is a
// "role change" span with the roles and the instance.
func TestRoleChange(t *testing.T) {
	rs := tnttest.StartReplicaSet(t, 2, tnttest.Options{})
	h := newHarness(t)
	cfg := rs.Config()
	cfg.TargetSessionAttrs = engine.TargetReadWrite
	cfg.RoleCheckInterval = 20 * time.Millisecond
	cfg.Tracer = h.tr
	ic, err := engine.Dial(testCtx(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer ic.Close()
	if err := rs.Promote(1); err != nil {
		t.Fatal(err)
	}
	<-ic.RoleLost()
	spans := h.named("role change")
	if len(spans) != 1 {
		t.Fatalf("%d role change spans, want 1", len(spans))
	}
	host, port, _ := net.SplitHostPort(rs.Servers[0].Addr)
	p, _ := strconv.Atoi(port)
	want := []attribute.KeyValue{
		attribute.String("db.system.name", "tarantool"),
		attribute.String("server.address", host),
		attribute.Int("server.port", p),
		tntotel.RoleFromKey.String("read-write"),
		tntotel.RoleToKey.String("read-only"),
	}
	if rs.Servers[0].Version >= iproto.VersionStreams { // box.status has a status
		want = append(want, tntotel.InstanceStatusKey.String("running"))
	}
	checkAttrs(t, spans[0], want...)
}
