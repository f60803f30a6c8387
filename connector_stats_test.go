package tarantool_test

import (
	"context"
	"database/sql"
	"testing"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// TestConnectorStats: the counters of the sockets behind a pool count its
// requests, on the shared socket and on sockets of their own, and keep
// counting those of sockets that closed.
func TestConnectorStats(t *testing.T) {
	for _, tc := range []struct {
		params  string
		sockets int // open while two connections are held
	}{
		{"", 1},          // the default: one shared socket
		{"sockets=0", 2}, // a socket per connection
	} {
		name := tc.params
		if name == "" {
			name = "shared socket"
		}
		t.Run(name, func(t *testing.T) {
			cfg, err := tarantool.ParseDSN(tnttest.Require(t).DSN(tc.params))
			if err != nil {
				t.Fatal(err)
			}
			connector, err := tarantool.NewConnector(cfg)
			if err != nil {
				t.Fatal(err)
			}
			db := sql.OpenDB(connector)
			defer db.Close()
			ctx := context.Background()
			c1, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			c2, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			before := connector.Stats()
			const n = 5
			for i := 0; i < n; i++ {
				for _, c := range []*sql.Conn{c1, c2} {
					if err := c.PingContext(ctx); err != nil {
						t.Fatal(err)
					}
				}
			}
			if _, err := c1.ExecContext(ctx, `SELECT * FROM no_such_table_for_stats`); err == nil {
				t.Fatal("the query of a missing table did not fail")
			}
			after := connector.Stats()
			if got := after.Sent - before.Sent; got != 2*n+1 {
				t.Errorf("Sent went up by %d, want %d", got, 2*n+1)
			}
			if got := after.Failed - before.Failed; got != 1 {
				t.Errorf("Failed went up by %d, want 1", got)
			}
			if after.OpenSockets != tc.sockets || after.Dialed != uint64(tc.sockets) || after.InFlight != 0 {
				t.Errorf("got %d open sockets, %d dialed, %d in flight; want %d, %d, 0", after.OpenSockets, after.Dialed, after.InFlight, tc.sockets, tc.sockets)
			}
			c1.Close()
			c2.Close()
			db.Close() // closes every socket
			closed := connector.Stats()
			if closed.OpenSockets != 0 || closed.Sent < after.Sent || closed.BytesRead < after.BytesRead {
				t.Errorf("after Close: %+v; want no open socket and the counters kept (%+v)", closed, after)
			}
		})
	}
}
