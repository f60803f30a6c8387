package tarantool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/tntsql/tarantool/internal/sqlsession"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Isolation levels of Tarantool's that database/sql has no name for. Pass
// them in sql.TxOptions.Isolation.
const (
	LevelReadConfirmed sql.IsolationLevel = 100 + iota
	LevelBestEffort
)

// ErrTxUnsupported is matched by the error BeginTx returns on a server
// without interactive transactions (before 2.10). The error also matches
// engine.ErrUnsupported, and errors.As finds the *engine.UnsupportedError
// naming the versions.
var ErrTxUnsupported = errors.New("tarantool: the server has no interactive transactions")

// ErrNoMVCC is matched by the error of a statement in a transaction that
// the server aborted when the statement's request ended: a server running
// memtx without MVCC (box.cfg memtx_use_mvcc_engine = false, the server's
// default) cannot keep a memtx transaction open from one request to the
// next. The statement's changes are rolled back; the transaction can
// only be rolled back. Set memtx_use_mvcc_engine = true on the server.
var ErrNoMVCC = errors.New("tarantool: the server aborted the transaction when the statement's request ended: interactive transactions on memtx need box.cfg{memtx_use_mvcc_engine = true} on the server")

// ErrCommitUnknown is matched by the error of a Commit whose request was
// sent but whose reply did not come (the context ended, request_timeout
// passed, or the connection failed after sending): the server may or may
// not have committed the transaction. The error also matches its cause
// (context.DeadlineExceeded, *engine.ConnError ...). Read the data back to
// know; do not simply run the transaction again unless it is idempotent.
var ErrCommitUnknown = errors.New("tarantool: the outcome of COMMIT is unknown: it was sent and no reply came")

// txn is an interactive transaction: an IPROTO stream with BEGIN, and every
// statement of the transaction sent in that stream (2.10+).
type txn struct {
	c        *Conn
	ctx      context.Context // BeginTx's: it bounds the transaction, Commit included
	stream   uint64
	probe    bool  // follow each statement with mvccProbe
	readOnly bool  // begun with sql.TxOptions.ReadOnly: statements that write are refused
	err      error // why the server aborted the transaction, if it did
}

// ErrReadOnlyTx is matched by the error of a statement that changes data
// or the schema (INSERT, UPDATE, DELETE, REPLACE, UPSERT, MERGE, CREATE,
// DROP, ALTER, TRUNCATE), run in a transaction begun with
// sql.TxOptions{ReadOnly: true}: the driver refuses it before sending.
var ErrReadOnlyTx = errors.New("tarantool: a read-only transaction (sql.TxOptions.ReadOnly) runs no statement that changes data or the schema")

// mvccProbe is sent in a transaction's stream after each statement: a
// read of a system view, which changes nothing and binds no engine, but
// fails with ER_TRANSACTION_YIELD once the server has aborted the
// transaction at the end of the statement's request. Without it, a server
// without MVCC would report the abort only at COMMIT.
var mvccProbe = iproto.Select{SpaceID: iproto.SpaceVSpace, Iterator: iproto.IterEq, Limit: 1, Key: []any{uint64(0)}}

// statement sends req in the transaction's stream and, after a statement,
// the MVCC probe in the same write.
func (tx *txn) statement(ctx context.Context, req iproto.Request, opts *engine.CallOptions) (engine.Response, error) {
	if tx.err != nil {
		return engine.Response{}, tx.err
	}
	c := tx.c
	if _, isExec := req.(*iproto.Execute); !isExec || !tx.probe {
		return c.ic.DoOpts(ctx, req, opts)
	}
	f, err := c.ic.SendContext(ctx, req, opts)
	if err != nil {
		return engine.Response{}, err
	}
	probe, perr := c.ic.SendContext(ctx, &mvccProbe, opts)
	resp, err := f.Wait(ctx)
	if perr == nil {
		var presp engine.Response
		presp, perr = probe.Wait(ctx)
		presp.Release()
	}
	if errors.Is(perr, iproto.ErTransactionYield) {
		resp.Release()
		tx.err = fmt.Errorf("%w (%w)", ErrNoMVCC, perr)
		return engine.Response{}, tx.err
	}
	return resp, err
}

// isolation maps database/sql's level to Tarantool's, refusing what
// Tarantool does not have rather than choosing a different level.
func (c *Conn) isolation(level sql.IsolationLevel) (iproto.Isolation, error) {
	switch level {
	case sql.LevelDefault:
		return c.cfg.TxnIsolation, nil
	case sql.LevelReadCommitted:
		return iproto.IsolationReadCommitted, nil
	case LevelReadConfirmed:
		return iproto.IsolationReadConfirmed, nil
	case LevelBestEffort:
		return iproto.IsolationBestEffort, nil
	case sql.LevelLinearizable:
		if v := c.ic.ServerVersion(); v < iproto.VersionLinearizable {
			return 0, &engine.UnsupportedError{Feature: "isolation level linearizable", Need: iproto.VersionLinearizable, Server: v}
		}
		return iproto.IsolationLinearizable, nil
	}
	return 0, fmt.Errorf("tarantool: isolation level %v is not supported (Tarantool has default, read committed, linearizable, and tarantool.LevelReadConfirmed and LevelBestEffort)", level)
}

// BeginTx implements driver.ConnBeginTx. The DSN's txn_isolation is the
// default level and txn_timeout the server-side timeout. Tarantool has no
// read-only transaction mode: in one begun with ReadOnly the driver
// refuses, before sending, each statement that changes data or the schema
// (ErrReadOnlyTx), by its first keyword; what a stored function called by
// a SELECT does is not checked.
func (c *Conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if c.tx != nil {
		return nil, errors.New("tarantool: a transaction is already open on this connection")
	}
	if !c.ic.HasFeature(iproto.FeatureStreams) || !c.ic.HasFeature(iproto.FeatureTransactions) {
		return nil, fmt.Errorf("%w: %w", ErrTxUnsupported, &engine.UnsupportedError{Feature: "interactive transactions (IPROTO streams)", Need: iproto.VersionStreams, Server: c.ic.ServerVersion()})
	}
	level, err := c.isolation(sql.IsolationLevel(opts.Isolation))
	if err != nil {
		return nil, err
	}
	// A linearizable transaction may not read a system view.
	tx := &txn{c: c, ctx: ctx, stream: c.ic.NewStreamID(), probe: level != iproto.IsolationLinearizable, readOnly: opts.ReadOnly}
	resp, err := c.ic.DoOpts(ctx, &iproto.Begin{Timeout: c.cfg.TxnTimeout, Isolation: level}, &engine.CallOptions{StreamID: tx.stream})
	if err != nil {
		sqlsession.RollbackAbandoned(c.ic, tx.stream, err)
		return nil, c.mapErr(err)
	}
	resp.Release()
	c.tx = tx
	return tx, nil
}

// Commit commits the transaction, waiting for the server's reply at most
// as long as BeginTx's context allows (and request_timeout, when that
// context has no deadline). When the reply does not come, the error
// matches ErrCommitUnknown.
func (tx *txn) Commit() error { return tx.finish(iproto.Commit{}) }

// Rollback rolls the transaction back. database/sql also calls it when
// BeginTx's context ends, so it does not stop at that context's end: it
// waits at most request_timeout or, when that is unset, connect_timeout.
// A rollback that got no reply retires the connection (IsValid reports
// false): the server rolls the stream's transaction back when the
// connection closes, or at txn_timeout.
func (tx *txn) Rollback() error { return tx.finish(iproto.Rollback{}) }

func (tx *txn) finish(req iproto.Request) error {
	c := tx.c
	if c.tx != tx {
		return sql.ErrTxDone
	}
	_, commitAsked := req.(iproto.Commit)
	commit := commitAsked
	aborted := tx.err
	if aborted != nil {
		req = iproto.Rollback{} // all the server allows in the stream now
		commit = false
		tx.err = nil
	}
	ctx, cancel := tx.finishContext(commit)
	defer cancel()
	if commit && ctx.Err() != nil {
		// Not sent: roll back rather than leave the stream's transaction
		// open on the server until txn_timeout.
		err := ctx.Err()
		sqlsession.RollbackAbandoned(c.ic, tx.stream, err)
		c.tx = nil
		return fmt.Errorf("tarantool: COMMIT not sent, the transaction is rolled back: %w", err)
	}
	resp, err := c.do(ctx, req)
	c.tx = nil
	if err != nil {
		if commit {
			// After a COMMIT that may not have arrived, a ROLLBACK in the
			// same stream ends the transaction either way: the server
			// runs a stream's requests in order.
			sqlsession.RollbackAbandoned(c.ic, tx.stream, err)
			return commitError(err)
		}
		var se *iproto.Error
		if !errors.As(err, &se) {
			c.retired = true
		}
		return err
	}
	resp.Release()
	if commitAsked && aborted != nil {
		return aborted
	}
	return nil
}

// finishContext bounds COMMIT by BeginTx's context, and ROLLBACK by
// request_timeout or connect_timeout whatever that context's state.
func (tx *txn) finishContext(commit bool) (context.Context, context.CancelFunc) {
	if commit {
		return tx.ctx, func() {}
	}
	limit := tx.c.cfg.RequestTimeout
	if limit <= 0 {
		limit = tx.c.cfg.ConnectTimeout
	}
	if limit <= 0 {
		limit = engine.DefaultConnectTimeout
	}
	return context.WithTimeout(context.WithoutCancel(tx.ctx), limit)
}

// commitError says what is known of a COMMIT that failed: a server error
// or a request never sent leave the transaction not committed (the server
// rolls back the streams of a connection that fails); anything else
// leaves its outcome unknown.
func commitError(err error) error {
	var se *iproto.Error
	if errors.As(err, &se) {
		return err
	}
	var ce *engine.ConnError
	if errors.As(err, &ce) && !ce.Sent {
		return fmt.Errorf("tarantool: COMMIT was not sent; the server rolls the transaction back with the connection: %w", err)
	}
	return fmt.Errorf("%w: %w", ErrCommitUnknown, err)
}
