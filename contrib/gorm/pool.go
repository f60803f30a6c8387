package tntgorm

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"github.com/tntsql/tarantool"
	"gorm.io/gorm"
)

// idExecer runs a statement and returns the driver's Result, with every
// autoincrement id.
type idExecer interface {
	execIDs(ctx context.Context, query string, args []any) (*tarantool.Result, error)
}

// connPool is the *sql.DB under GORM. It runs GORM's transactions itself
// (txPool) on a dedicated connection, so that creates inside them can
// still read every autoincrement id: database/sql hides the driver's
// Result behind its own, and a *sql.Tx has no Raw.
type connPool struct{ db *sql.DB }

func (p *connPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, query)
}

func (p *connPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.db.ExecContext(ctx, query, args...)
}

func (p *connPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.db.QueryContext(ctx, query, args...)
}

func (p *connPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.db.QueryRowContext(ctx, query, args...)
}

// Ping is what gorm.Open calls.
func (p *connPool) Ping() error { return p.db.Ping() }

// GetDBConn gives gorm.DB.DB the *sql.DB.
func (p *connPool) GetDBConn() (*sql.DB, error) { return p.db, nil }

func (p *connPool) execIDs(ctx context.Context, query string, args []any) (*tarantool.Result, error) {
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return rawExec(ctx, conn, query, args)
}

// BeginTx begins a transaction on a connection of its own: the driver's
// transaction, begun through sql.Conn.Raw. The driver runs every
// statement of that connection in the transaction's stream.
func (p *connPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	var dopts driver.TxOptions
	if opts != nil {
		dopts = driver.TxOptions{Isolation: driver.IsolationLevel(opts.Isolation), ReadOnly: opts.ReadOnly}
	}
	var dtx driver.Tx
	err = conn.Raw(func(dc any) error {
		b, ok := dc.(driver.ConnBeginTx)
		if !ok {
			return errors.New("tntgorm: the driver's connection cannot begin a transaction")
		}
		dtx, err = b.BeginTx(ctx, dopts)
		return err
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	return &txPool{conn: conn, tx: dtx}, nil
}

// txPool is a transaction begun by connPool.BeginTx.
type txPool struct {
	conn *sql.Conn
	tx   driver.Tx
}

func (t *txPool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.conn.PrepareContext(ctx, query)
}

func (t *txPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.conn.ExecContext(ctx, query, args...)
}

func (t *txPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.conn.QueryContext(ctx, query, args...)
}

func (t *txPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.conn.QueryRowContext(ctx, query, args...)
}

func (t *txPool) execIDs(ctx context.Context, query string, args []any) (*tarantool.Result, error) {
	return rawExec(ctx, t.conn, query, args)
}

// Commit commits the transaction and releases its connection.
func (t *txPool) Commit() error { return t.finish(t.tx.Commit) }

// Rollback rolls the transaction back and releases its connection.
func (t *txPool) Rollback() error { return t.finish(t.tx.Rollback) }

func (t *txPool) finish(end func() error) error {
	if t.conn == nil {
		return sql.ErrTxDone
	}
	err := t.conn.Raw(func(any) error { return end() })
	if err != nil {
		// After a failed COMMIT: make sure the stream's transaction ends
		// before the connection goes back to the pool.
		_ = t.conn.Raw(func(any) error { return t.tx.Rollback() })
	}
	t.conn.Close()
	t.conn = nil
	return err
}

// rawExec runs query on conn's driver connection for its Result.
func rawExec(ctx context.Context, conn *sql.Conn, query string, args []any) (*tarantool.Result, error) {
	var res *tarantool.Result
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*tarantool.Conn)
		if !ok {
			return errors.New("tntgorm: the pool is not of the tarantool driver")
		}
		var err error
		res, err = c.Exec(ctx, query, args...)
		return err
	})
	return res, err
}
