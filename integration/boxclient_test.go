package integration

import (
	"context"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// boxClient runs the load through a box.Conn with native requests on a
// table of its own, made as sqlClient's is: (id INTEGER PRIMARY KEY
// AUTOINCREMENT, v STRING) with an index on v. A write inserts a nil id,
// which the table's sequence fills.
type boxClient struct {
	c     *box.Conn
	space string // the space and index names the server gave the SQL names
	byV   string
}

// boxRow is a tuple of the table.
type boxRow struct {
	ID int64
	V  string
}

// connectBox opens a box connection to s (closed when the test ends).
func connectBox(t *testing.T, s *tnttest.Server, params string) *box.Conn {
	t.Helper()
	c, err := box.Connect(context.Background(), s.DSN(params))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// newBoxClient creates the table through box's SQL on s, dropping one
// left over by an earlier run on the same server (the test's own cleanup
// may find c closed).
func newBoxClient(t *testing.T, s *tnttest.Server, c *box.Conn, table string) *boxClient {
	t.Helper()
	ctx := context.Background()
	for _, q := range []string{
		`DROP TABLE IF EXISTS ` + table,
		`CREATE TABLE ` + table + ` (id INTEGER PRIMARY KEY AUTOINCREMENT, v STRING NOT NULL)`,
		`CREATE INDEX ` + table + `_v ON ` + table + ` (v)`,
	} {
		if err := c.Execute(ctx, q).Err(); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c.Execute(ctx, `DROP TABLE `+table).Err()
	})
	return &boxClient{c: c, space: tnttest.SQLName(s.Version, table), byV: tnttest.SQLName(s.Version, table+"_v")}
}

func (b *boxClient) Write(ctx context.Context, val string) error {
	return b.c.Insert(ctx, b.space, []any{nil, val}).Err()
}

// TxWrite inserts vals in one stream transaction (2.10+).
func (b *boxClient) TxWrite(ctx context.Context, vals []string) error {
	st, err := b.c.NewStream(ctx)
	if err != nil {
		return err
	}
	if err := st.Begin(ctx, nil); err != nil {
		return err
	}
	for _, v := range vals {
		if err := st.Insert(ctx, b.space, []any{nil, v}).Err(); err != nil {
			rollback(st)
			return err
		}
	}
	if err := st.Commit(ctx); err != nil {
		rollback(st) // a COMMIT never sent (its context ended first) leaves the transaction open
		return err
	}
	return nil
}

// rollback ends a failed transaction of the load, with a context of its
// own since the caller's may have ended; an error means the connection
// failed, and the server rolled back.
func rollback(st *box.Stream) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st.Rollback(ctx)
}

func (b *boxClient) Echo(ctx context.Context, val string) (string, error) {
	var got string
	err := b.c.Call(ctx, "echo", val).Decode(&got)
	return got, err
}

func (b *boxClient) Count(ctx context.Context, val string) (int, error) {
	var rows []boxRow
	err := b.c.Select(ctx, b.space, b.byV, val, nil).Decode(&rows)
	return len(rows), err
}

func (b *boxClient) Counts(ctx context.Context) (map[string]int, error) {
	var rows []boxRow
	if err := b.c.Select(ctx, b.space, nil, nil, &box.SelectOpts{Iterator: box.All}).Decode(&rows); err != nil {
		return nil, err
	}
	counts := make(map[string]int, len(rows))
	for _, r := range rows {
		counts[r.V]++
	}
	return counts, nil
}
