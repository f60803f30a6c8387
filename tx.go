package tarantool

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/tntsql/tarantool/iproto"
)

// Isolation levels of Tarantool's that database/sql has no name for. Pass
// them in sql.TxOptions.Isolation.
const (
	LevelReadConfirmed sql.IsolationLevel = 100 + iota
	LevelBestEffort
)

// Server versions that gate transaction features.
var (
	versionStreams      = iproto.MakeVersion(2, 10, 0)
	versionLinearizable = iproto.MakeVersion(2, 11, 0)
)

// ErrTxUnsupported is matched by the error BeginTx returns on a server
// without interactive transactions (before 2.10).
var ErrTxUnsupported = errors.New("tarantool: interactive transactions need Tarantool 2.10 or later (IPROTO streams)")

// ErrNoMVCC is matched by the error of a statement in a transaction that
// the server aborted when the statement's request ended: a server running
// memtx without MVCC (box.cfg memtx_use_mvcc_engine = false, the server's
// default) cannot keep a memtx transaction open from one request to the
// next. The statement's changes are rolled back; the transaction can
// only be rolled back. Set memtx_use_mvcc_engine = true on the server.
var ErrNoMVCC = errors.New("tarantool: the server aborted the transaction when the statement's request ended: interactive transactions on memtx need box.cfg{memtx_use_mvcc_engine = true} on the server")

// Tx is an interactive transaction: an IPROTO stream with BEGIN, and every
// statement of the transaction sent in that stream (2.10+).
type Tx struct {
	c      *Conn
	stream uint64
	probe  bool  // follow each statement with mvccProbe
	err    error // why the server aborted the transaction, if it did
}

// mvccProbe is sent in a transaction's stream after each statement: a
// read of a system view, which changes nothing and binds no engine, but
// fails with ER_TRANSACTION_YIELD once the server has aborted the
// transaction at the end of the statement's request. Without it, a server
// without MVCC would report the abort only at COMMIT.
var mvccProbe = iproto.Select{SpaceID: iproto.SpaceVSpace, Iterator: iproto.IterEq, Limit: 1, Key: []any{uint64(0)}}

// statement sends req in the transaction's stream and, after a statement,
// the MVCC probe in the same write.
func (tx *Tx) statement(ctx context.Context, req iproto.Request, opts *iproto.CallOptions) (iproto.Response, error) {
	if tx.err != nil {
		return iproto.Response{}, tx.err
	}
	c := tx.c
	if _, isExec := req.(*iproto.Execute); !isExec || !tx.probe {
		return c.ic.DoOpts(ctx, req, opts)
	}
	f, err := c.ic.Send(req, opts)
	if err != nil {
		return iproto.Response{}, err
	}
	probe, perr := c.ic.Send(&mvccProbe, opts)
	resp, err := f.Wait(ctx)
	if perr == nil {
		var presp iproto.Response
		presp, perr = probe.Wait(ctx)
		presp.Release()
	}
	if errors.Is(perr, iproto.ErTransactionYield) {
		resp.Release()
		tx.err = fmt.Errorf("%w (%w)", ErrNoMVCC, perr)
		return iproto.Response{}, tx.err
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
		if v := c.ic.ServerVersion(); v < versionLinearizable {
			return 0, fmt.Errorf("tarantool: isolation level linearizable needs Tarantool %v or later; the server is %v", versionLinearizable, v)
		}
		return iproto.IsolationLinearizable, nil
	}
	return 0, fmt.Errorf("tarantool: isolation level %v is not supported (Tarantool has default, read committed, linearizable, and tarantool.LevelReadConfirmed and LevelBestEffort)", level)
}

// BeginTx implements driver.ConnBeginTx. The DSN's txn_isolation is the
// default level and txn_timeout the server-side timeout. Read-only
// transactions are refused: Tarantool has no such mode.
func (c *Conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if opts.ReadOnly {
		return nil, errors.New("tarantool: read-only transactions are not supported")
	}
	if c.tx != nil {
		return nil, errors.New("tarantool: a transaction is already open on this connection")
	}
	if !c.ic.HasFeature(iproto.FeatureStreams) || !c.ic.HasFeature(iproto.FeatureTransactions) {
		return nil, fmt.Errorf("%w; the server is %v", ErrTxUnsupported, c.ic.ServerVersion())
	}
	level, err := c.isolation(sql.IsolationLevel(opts.Isolation))
	if err != nil {
		return nil, err
	}
	// A linearizable transaction may not read a system view.
	tx := &Tx{c: c, stream: c.ic.NewStreamID(), probe: level != iproto.IsolationLinearizable}
	resp, err := c.ic.DoOpts(ctx, &iproto.Begin{Timeout: c.cfg.TxnTimeout, Isolation: level}, &iproto.CallOptions{StreamID: tx.stream})
	if err != nil {
		c.ic.RollbackAbandoned(tx.stream, err)
		return nil, c.mapErr(err)
	}
	resp.Release()
	c.tx = tx
	return tx, nil
}

// Commit commits the transaction.
func (tx *Tx) Commit() error { return tx.finish(iproto.Commit{}) }

// Rollback rolls the transaction back.
func (tx *Tx) Rollback() error { return tx.finish(iproto.Rollback{}) }

func (tx *Tx) finish(req iproto.Request) error {
	c := tx.c
	if c.tx != tx {
		return sql.ErrTxDone
	}
	_, commit := req.(iproto.Commit)
	aborted := tx.err
	if aborted != nil {
		req = iproto.Rollback{} // all the server allows in the stream now
		tx.err = nil
	}
	resp, err := c.do(context.Background(), req)
	c.tx = nil
	if err != nil {
		return err
	}
	resp.Release()
	if commit && aborted != nil {
		return aborted
	}
	return nil
}
