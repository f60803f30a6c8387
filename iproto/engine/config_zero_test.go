package engine_test

import (
	"context"
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// TestConfigLiteralGetsDefaults: a Config written as a literal, with only
// where and who, connects with every default NewConfig stands for; here
// sql_full_metadata, which the connection turns on unless told not to.
func TestConfigLiteralGetsDefaults(t *testing.T) {
	s := tnttest.Require(t)
	std := s.Config()
	for _, tc := range []struct {
		name    string
		disable bool
	}{{"literal", false}, {"DisableSQLFullMetadata", true}} {
		t.Run(tc.name, func(t *testing.T) {
			lit := &engine.Config{Network: std.Network, Address: std.Address, User: std.User, Password: std.Password,
				DisableSQLFullMetadata: tc.disable}
			c, err := engine.Dial(context.Background(), lit)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			resp, err := c.Do(context.Background(), &iproto.Execute{SQL: `SELECT "id" FROM "_vspace" WHERE "id" = 281`})
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Release()
			var b iproto.Body
			if err := resp.Parse(&b); err != nil {
				t.Fatal(err)
			}
			cols, err := iproto.DecodeColumns(b.Metadata)
			if err != nil || len(cols) != 1 {
				t.Fatalf("columns %+v, %v", cols, err)
			}
			if cols[0].NullableKnown == tc.disable {
				t.Errorf("nullability known: %v, want %v (sql_full_metadata on by default)", cols[0].NullableKnown, !tc.disable)
			}
		})
	}
}
