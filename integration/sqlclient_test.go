package integration

import (
	"context"
	"database/sql"
	"testing"
)

// sqlClient runs the load through database/sql on a table of its own:
// (id INTEGER PRIMARY KEY AUTOINCREMENT, v STRING) with an index on v.
// Counts reads the whole table, which 3.x refuses by default: db must be
// opened with sql_seq_scan=true.
type sqlClient struct {
	db    *sql.DB
	table string
}

// newSQLClient creates the table, dropping a leftover of an earlier run
// first (the test's cleanup may run after db is closed, and the server is
// shared by the package's tests).
func newSQLClient(t *testing.T, db *sql.DB, table string) *sqlClient {
	t.Helper()
	db.Exec(`DROP TABLE IF EXISTS ` + table)
	for _, q := range []string{
		`CREATE TABLE ` + table + ` (id INTEGER PRIMARY KEY AUTOINCREMENT, v STRING NOT NULL)`,
		`CREATE INDEX ` + table + `_v ON ` + table + ` (v)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { db.Exec(`DROP TABLE ` + table) })
	return &sqlClient{db: db, table: table}
}

func (c *sqlClient) Write(ctx context.Context, val string) error {
	_, err := c.db.ExecContext(ctx, `INSERT INTO `+c.table+` (v) VALUES (?)`, val)
	return err
}

func (c *sqlClient) TxWrite(ctx context.Context, vals []string) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for _, v := range vals {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+c.table+` (v) VALUES (?)`, v); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}

func (c *sqlClient) Echo(ctx context.Context, val string) (string, error) {
	var got string
	err := c.db.QueryRowContext(ctx, `SELECT ?`, val).Scan(&got)
	return got, err
}

func (c *sqlClient) Count(ctx context.Context, val string) (int, error) {
	var n int
	err := c.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+c.table+` WHERE v = ?`, val).Scan(&n)
	return n, err
}

func (c *sqlClient) Counts(ctx context.Context) (map[string]int, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT v, COUNT(*) FROM `+c.table+` GROUP BY v`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var v string
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			return nil, err
		}
		counts[v] = n
	}
	return counts, rows.Err()
}
