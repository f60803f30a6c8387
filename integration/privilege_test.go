package integration

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

// TestBoxWithoutSQLPrivilege: a user who never touches SQL connects with
// box, session settings (sql_full_metadata, sql_seq_scan) included, on
// every version; on 3.x, where SQL is a privilege guest lacks, its first
// SQL call gets the server's ER_ACCESS_DENIED and the connection serves on.
func TestBoxWithoutSQLPrivilege(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	params := "sql_full_metadata=true"
	if s.Version >= iproto.MakeVersion(2, 11, 0) {
		params += "&sql_seq_scan=true"
	}
	c, err := box.Connect(ctx, strings.Replace(s.DSN(params), tnttest.User+":"+tnttest.Password+"@", "", 1))
	if err != nil {
		t.Fatalf("guest connecting on %v with %s: %v", s.Version, params, err)
	}
	defer c.Close()
	if err := c.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if schema == nil {
		t.Fatal("no schema")
	}
	err = c.Execute(ctx, "SELECT 1").Err()
	if tnttest.SQLNeedsGrant(s.Version) {
		if !errors.Is(err, iproto.ErAccessDenied) {
			t.Errorf("guest SQL on %v: got %v, want ER_ACCESS_DENIED", s.Version, err)
		}
	} else if err != nil {
		t.Errorf("guest SQL on %v: %v", s.Version, err)
	}
	if err := c.Ping(ctx); err != nil {
		t.Errorf("after the SQL call: %v", err)
	}
}
