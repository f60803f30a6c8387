package tarantool_test

import (
	"context"
	"database/sql"
	"testing"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/iproto/engine"
)

// socketOf returns the iproto connection behind a pooled connection.
func socketOf(t *testing.T, conn *sql.Conn) *engine.Conn {
	t.Helper()
	var ic *engine.Conn
	if err := conn.Raw(func(dc any) error { ic = dc.(*tarantool.Conn).EngineConn(); return nil }); err != nil {
		t.Fatal(err)
	}
	return ic
}

// TestSharedSockets checks Config.Sockets: the pool's connections share
// the given number of sockets (1 by default), or have one each with 0.
func TestSharedSockets(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		params  string
		sockets int
	}{{"", 1}, {"sockets=2", 2}, {"sockets=0", 4}} {
		db := openDB(t, tc.params)
		seen := map[*engine.Conn]bool{}
		var conns []*sql.Conn
		for i := 0; i < 4; i++ {
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, conn)
			seen[socketOf(t, conn)] = true
		}
		if len(seen) != tc.sockets {
			t.Errorf("%q: 4 connections on %d sockets, want %d", tc.params, len(seen), tc.sockets)
		}
		for _, conn := range conns {
			var n int
			if err := conn.QueryRowContext(ctx, "SELECT 1").Scan(&n); err != nil || n != 1 {
				t.Errorf("%q: query on a pooled connection: %d %v", tc.params, n, err)
			}
			conn.Close()
		}
	}
}

// TestSharedSessionStatements prepares the same text on two connections of
// one socket (the server gives both the same statement id): closing one
// statement must leave the other working.
func TestSharedSessionStatements(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, "")
	c1, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	c2, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if socketOf(t, c1) != socketOf(t, c2) {
		t.Fatal("the two connections do not share a socket")
	}
	const q = "SELECT ? + 1"
	s1, err := c1.PrepareContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := c2.PrepareContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s2.QueryRowContext(ctx, 41).Scan(&n); err != nil || n != 42 {
		t.Errorf("statement of the other connection after Close: %d %v", n, err)
	}
}

// TestSharedSocketClosedWithLastConn checks that the socket lives as long
// as a connection uses it, and that the pool then opens a new one.
func TestSharedSocketClosedWithLastConn(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, "")
	db.SetMaxIdleConns(0) // a released connection is closed at once
	c1, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ic := socketOf(t, c1)
	c1.Close()
	if ic.Err() != nil {
		t.Fatal("the socket closed while a connection still used it")
	}
	c2.Close()
	if ic.Err() == nil {
		t.Fatal("the socket outlived its last connection")
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT 5").Scan(&n); err != nil || n != 5 {
		t.Errorf("after the socket closed: %d %v", n, err)
	}
}
