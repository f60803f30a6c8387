package tarantool_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"io"
	"testing"
)

// BenchmarkDatabaseSQLBaseline measures what database/sql itself
// allocates for a point select (QueryRow + Scan of three columns), with a
// driver that allocates nothing: its row values are boxed once, up front.
// BenchmarkPointSelect's allocations minus these are the driver's own.
func BenchmarkDatabaseSQLBaseline(b *testing.B) {
	db := sql.OpenDB(nullConnector{})
	defer db.Close()
	db.SetMaxIdleConns(4)
	stmt, err := db.Prepare("SELECT id, name, price FROM bench WHERE id = ?")
	if err != nil {
		b.Fatal(err)
	}
	defer stmt.Close()
	var r benchRow
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := db.QueryRow("SELECT id, name, price FROM bench WHERE id = ?", i%1000+1).Scan(&r.id, &r.name, &r.price); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("prepared", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := stmt.QueryRow(i%1000+1).Scan(&r.id, &r.name, &r.price); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// nullConnector and the types below are the least a driver can be: one
// connection, one prepared statement, one row of preboxed values.
type nullConnector struct{}

func (nullConnector) Connect(context.Context) (driver.Conn, error) { return &nullConn{}, nil }
func (nullConnector) Driver() driver.Driver                        { return nil }

type nullConn struct {
	stmt nullStmt
}

func (c *nullConn) Prepare(string) (driver.Stmt, error) { return &c.stmt, nil }
func (c *nullConn) Close() error                        { return nil }
func (c *nullConn) Begin() (driver.Tx, error)           { return nil, driver.ErrSkip }
func (c *nullConn) QueryContext(_ context.Context, _ string, _ []driver.NamedValue) (driver.Rows, error) {
	c.stmt.rows.left = 1
	return &c.stmt.rows, nil
}

type nullStmt struct{ rows nullRows }

func (s *nullStmt) Close() error                               { return nil }
func (s *nullStmt) NumInput() int                              { return 1 }
func (s *nullStmt) Exec([]driver.Value) (driver.Result, error) { return nil, driver.ErrSkip }
func (s *nullStmt) Query([]driver.Value) (driver.Rows, error)  { return nil, driver.ErrSkip }
func (s *nullStmt) QueryContext(context.Context, []driver.NamedValue) (driver.Rows, error) {
	s.rows.left = 1
	return &s.rows, nil
}

var (
	nullColumns = []string{"ID", "NAME", "PRICE"}
	nullValues  = []driver.Value{int64(500), "item-500", 500.0 / 3}
)

type nullRows struct{ left int }

func (r *nullRows) Columns() []string { return nullColumns }
func (r *nullRows) Close() error      { return nil }
func (r *nullRows) Next(dest []driver.Value) error {
	if r.left == 0 {
		return io.EOF
	}
	r.left--
	copy(dest, nullValues)
	return nil
}
