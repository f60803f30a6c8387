package main

import (
	"context"
	"database/sql"
	"fmt"

	tarantool "github.com/tntsql/tarantool" // also registers the "tarantool" driver
)

// sqlTarget runs the SQL rows through database/sql with a pool of
// connections.
type sqlTarget struct {
	db     *sql.DB
	cached *sql.DB   // the same pool size, with the statement cache
	stmt   *sql.Stmt // selectSQL, prepared on each pooled connection as needed
	keys   uint64
}

// openSQL opens a pool of at most pool connections to dsn; 0 leaves
// database/sql's defaults (no limit on open connections, 2 idle). Its text
// rows run with the statement cache off, the cached rows on another pool
// with it on.
func openSQL(ctx context.Context, dsn string, pool int, keys uint64) (*sqlTarget, error) {
	db, err := openPool(dsn, pool, -1)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database/sql: %w", err)
	}
	stmt, err := db.PrepareContext(ctx, selectSQL)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("database/sql: prepare: %w", err)
	}
	cached, err := openPool(dsn, pool, 0)
	if err != nil {
		stmt.Close()
		db.Close()
		return nil, err
	}
	return &sqlTarget{db: db, cached: cached, stmt: stmt, keys: keys}, nil
}

// openPool opens a pool of at most pool connections to dsn with the
// given Config.StatementCacheCapacity (-1: off, 0: the default).
func openPool(dsn string, pool, cacheCapacity int) (*sql.DB, error) {
	cfg, err := tarantool.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("database/sql: %w", err)
	}
	cfg.StatementCacheCapacity = cacheCapacity
	connector, err := tarantool.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("database/sql: %w", err)
	}
	db := sql.OpenDB(connector)
	if pool > 0 {
		db.SetMaxOpenConns(pool)
		db.SetMaxIdleConns(pool)
	}
	return db, nil
}

func (t *sqlTarget) close() error {
	t.stmt.Close()
	t.cached.Close()
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
	case rowCached:
		var id uint64
		var v string
		cached := t.cached
		return func(ctx context.Context, i uint64) error {
			k := keyOf(i, keys)
			err := cached.QueryRowContext(ctx, selectSQL, k).Scan(&id, &v)
			return wantKey("cached execute", k, id, err)
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
