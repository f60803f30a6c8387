package main

// This file is the only one that knows package box: every box request the
// tool sends is written here, so that a change of the box API is a change
// to this file alone.

import (
	"context"
	"fmt"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/iproto/engine"
)

// boxTarget runs every row on one box connection; its goroutines
// pipeline their requests on it.
type boxTarget struct {
	c        *box.Conn
	cached   *box.Conn     // another connection, with the statement cache
	prepared *box.Prepared // selectSQL, prepared on this connection
	keys     uint64
}

// kv is a tuple of the space, and a row of the SQL table.
type kv struct {
	K uint64
	V string
}

// openBox connects to dsn and prepares selectSQL for the prepared row.
// Its text rows run with the statement cache off, the cached rows on
// another connection with it on.
func openBox(ctx context.Context, dsn string, keys uint64) (*boxTarget, error) {
	cfg, err := engine.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	textCfg := cfg.Clone()
	textCfg.StatementCacheCapacity = -1
	c, err := box.ConnectConfig(ctx, textCfg)
	if err != nil {
		return nil, fmt.Errorf("tarantool: %w", err)
	}
	p, err := c.Prepare(ctx, selectSQL)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("tarantool: prepare: %w", err)
	}
	cfg.StatementCacheCapacity = 0
	cached, err := box.ConnectConfig(ctx, cfg)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("tarantool: %w", err)
	}
	return &boxTarget{c: c, cached: cached, prepared: p, keys: keys}, nil
}

func (t *boxTarget) close() error {
	t.prepared.Close(context.Background())
	t.cached.Close()
	return t.c.Close()
}

// newOp returns the request of row r as a box user writes it: the space
// by name, results decoded into a struct, as net.box decodes them into
// Lua tables.
func (t *boxTarget) newOp(r row) (op, error) {
	c, p, keys := t.c, t.prepared, t.keys
	var tuple kv // this goroutine's
	var ret uint64
	switch r {
	case rowPing:
		return func(ctx context.Context, _ uint64) error { return c.Ping(ctx) }, nil
	case rowSelect:
		return func(ctx context.Context, i uint64) error {
			k := keyOf(i, keys)
			err := c.Select(ctx, spaceName, nil, k, nil).Decode(&tuple)
			return wantKey("select", k, tuple.K, err)
		}, nil
	case rowReplace:
		return func(ctx context.Context, i uint64) error {
			return c.Replace(ctx, spaceName, kv{K: keyOf(i, keys), V: writeValue}).Decode(&tuple)
		}, nil
	case rowUpdate:
		return func(ctx context.Context, i uint64) error {
			return c.Update(ctx, spaceName, nil, keyOf(i, keys), box.NewOps().Assign(1, writeValue)).Decode(&tuple)
		}, nil
	case rowCall:
		return func(ctx context.Context, i uint64) error {
			return c.Call(ctx, callFunc, i).Decode(&ret)
		}, nil
	case rowEval:
		return func(ctx context.Context, i uint64) error {
			return c.Eval(ctx, evalExpr, i).Decode(&ret)
		}, nil
	case rowExecute:
		return func(ctx context.Context, i uint64) error {
			k := keyOf(i, keys)
			err := c.Execute(ctx, selectSQL, k).Decode(&tuple)
			return wantKey("execute", k, tuple.K, err)
		}, nil
	case rowCached:
		cached := t.cached
		return func(ctx context.Context, i uint64) error {
			k := keyOf(i, keys)
			err := cached.Execute(ctx, selectSQL, k).Decode(&tuple)
			return wantKey("cached execute", k, tuple.K, err)
		}, nil
	case rowPrepared:
		return func(ctx context.Context, i uint64) error {
			k := keyOf(i, keys)
			err := p.Execute(ctx, k).Decode(&tuple)
			return wantKey("prepared execute", k, tuple.K, err)
		}, nil
	}
	return nil, errUnsupported
}
