package integration

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

// TestBoxThroughRaw runs box requests on a connection borrowed from
// database/sql, and checks the connection is still usable by SQL after.
func TestBoxThroughRaw(t *testing.T) {
	s := tnttest.Require(t)
	db, err := sql.Open("tarantool", s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var got []any
	var tuple struct {
		K uint64
		V string
	}
	err = conn.Raw(func(dc any) error {
		b := box.NewConn(dc.(*tarantool.Conn).EngineConn())
		defer b.Close()
		if got, err = b.Call(ctx, "echo", "via raw").Values(); err != nil {
			return err
		}
		// By name: the borrowed connection loads the schema on demand.
		if err := b.Replace(ctx, "kv", []any{uint64(77001), "raw"}).Err(); err != nil {
			return err
		}
		return b.Get(ctx, "kv", "pk", uint64(77001), &tuple)
	})
	if err != nil || !reflect.DeepEqual(got, []any{"via raw"}) || tuple.V != "raw" {
		t.Fatalf("box through Raw: got %v %+v %v", got, tuple, err)
	}
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT 9`).Scan(&n); err != nil || n != 9 {
		t.Errorf("SQL after box on the same connection: %d %v", n, err)
	}
}

// TestBoxWatchersOnSharedSocket (2.10+) watches through two database/sql
// connections that share the pool's one socket (the default DSN), each
// with its box.Conn made with NewConn: both get the events of a key they
// both watch, and closing one box.Conn leaves the other's events coming.
func TestBoxWatchersOnSharedSocket(t *testing.T) {
	s := tnttest.RequireVersion(t, iproto.VersionStreams, "watchers")
	db, err := sql.Open("tarantool", s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	conn1, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn1.Close()
	conn2, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close()
	key := fmt.Sprintf("tntsql.raw.%d", time.Now().UnixNano())
	expect := func(ch <-chan any, who string, want any) error {
		select {
		case got := <-ch:
			if got != want {
				return fmt.Errorf("%s: got %v, want %v", who, got, want)
			}
			return nil
		case <-time.After(5 * time.Second):
			return fmt.Errorf("%s: no value within 5s, want %v", who, want)
		}
	}
	watch := func(b *box.Conn) (<-chan any, error) {
		ch := make(chan any, 16)
		_, err := b.Watch(ctx, key, func(_ string, v any) { ch <- v })
		return ch, err
	}
	// Nested Raw calls: the box.Conns live no longer than the functions.
	err = conn1.Raw(func(dc1 any) error {
		return conn2.Raw(func(dc2 any) error {
			ic1, ic2 := dc1.(*tarantool.Conn).EngineConn(), dc2.(*tarantool.Conn).EngineConn()
			if ic1 != ic2 {
				return errors.New("the two connections do not share a socket: the test checks nothing")
			}
			b1, b2 := box.NewConn(ic1), box.NewConn(ic2)
			defer b2.Close()
			v1, err := watch(b1)
			if err != nil {
				return err
			}
			v2, err := watch(b2)
			if err != nil {
				return err
			}
			if err := errors.Join(expect(v1, "first box.Conn, initial", nil), expect(v2, "second box.Conn, initial", nil)); err != nil {
				return err
			}
			if err := b2.Eval(ctx, "box.broadcast(...)", key, "both").Err(); err != nil {
				return err
			}
			if err := errors.Join(expect(v1, "first box.Conn", "both"), expect(v2, "second box.Conn", "both")); err != nil {
				return err
			}
			b1.Close()
			if err := b2.Eval(ctx, "box.broadcast(...)", key, "after").Err(); err != nil {
				return err
			}
			return expect(v2, "second box.Conn after the first closed", "after")
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := conn1.QueryRowContext(ctx, `SELECT 9`).Scan(&n); err != nil || n != 9 {
		t.Errorf("SQL after the watchers on the shared socket: %d %v", n, err)
	}
}
