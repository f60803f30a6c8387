package integration

import (
	"context"
	"database/sql"
	"reflect"
	"testing"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
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
		b := box.NewConn(dc.(*tarantool.Conn).IprotoConn())
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
