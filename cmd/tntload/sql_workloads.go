package main

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/tntsql/tarantool" // registers the "tarantool" driver
)

// sqlTarget runs the SQL rows through database/sql with a pool of
// connections.
type sqlTarget struct {
	db   *sql.DB
	stmt *sql.Stmt // selectSQL, prepared on each pooled connection as needed
	keys uint64
}

// openSQL opens a pool of at most pool connections to dsn.
func openSQL(ctx context.Context, dsn string, pool int, keys uint64) (*sqlTarget, error) {
	db, err := sql.Open("tarantool", dsn)
	if err != nil {
		return nil, fmt.Errorf("database/sql: %w", err)
	}
	db.SetMaxOpenConns(pool)
	db.SetMaxIdleConns(pool)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database/sql: %w", err)
	}
	stmt, err := db.PrepareContext(ctx, selectSQL)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("database/sql: prepare: %w", err)
	}
	return &sqlTarget{db: db, stmt: stmt, keys: keys}, nil
}

func (t *sqlTarget) close() error {
	t.stmt.Close()
	return t.db.Close()
}

// newOp returns the request of row r as a database/sql user writes it: a
// point select is QueryRow and Scan.
func (t *sqlTarget) newOp(r row) (op, error) {
	db, stmt, keys := t.db, t.stmt, t.keys
	switch r {
	case rowPing:
		return func(ctx context.Context, _ uint64) error { return db.PingContext(ctx) }, nil
	case rowExecute:
		var id uint64
		var v string
		return func(ctx context.Context, i uint64) error {
			k := keyOf(i, keys)
			err := db.QueryRowContext(ctx, selectSQL, k).Scan(&id, &v)
			return wantKey("execute", k, id, err)
		}, nil
	case rowPrepared:
		var id uint64
		var v string
		return func(ctx context.Context, i uint64) error {
			k := keyOf(i, keys)
			err := stmt.QueryRowContext(ctx, k).Scan(&id, &v)
			return wantKey("prepared execute", k, id, err)
		}, nil
	}
	return nil, errUnsupported
}
