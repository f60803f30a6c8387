package tarantool

import (
	"context"
	"database/sql/driver"
	"errors"

	"github.com/tntsql/tarantool/internal/sqlsession"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// stmt is a statement prepared on the server (IPROTO PREPARE). Close
// unprepares it. After DDL the server expires prepared statements; the
// next execution prepares the text again and retries, once. What is
// prepared is the text fingerprinted, as the statement cache does
// (sqlsession.Fingerprint), when it has parameters; a statement whose
// PREPARE returned another text's statement (a collision of the server's
// 32-bit ids, prepared_ids.go: parameters that are not the fingerprint's,
// a shape that does not fit, an id another text of the process holds)
// runs its text unprepared.
type stmt struct {
	c        *Conn
	query    string
	params   sqlParams
	fp       *sqlsession.Fingerprint // what was prepared; nil: query itself
	id       uint64                  // 0 when the statement runs as text
	numInput int
	cols     *columnSet
	schema   uint64 // schema version when prepared
	closed   bool
}

// PrepareContext implements driver.ConnPrepareContext.
func (c *Conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	s := &stmt{c: c, query: query, params: scanSQL(query)}
	if err := c.checkStatement(&s.params); err != nil {
		return nil, err
	}
	if err := s.prepare(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *stmt) prepare(ctx context.Context) error {
	if fp, ok := sqlsession.NewFingerprint(s.query); ok {
		if err := s.prepareText(ctx, &fp); err == nil {
			return nil
		}
		// The server's error would name the renamed parameters:
		// prepare the text itself, whose error (or statement) is the
		// caller's.
	}
	return s.prepareText(ctx, nil)
}

// prepareText sends PREPARE of fp's text, or of the query when fp is nil.
func (s *stmt) prepareText(ctx context.Context, fp *sqlsession.Fingerprint) error {
	text := s.query
	if fp != nil {
		text = fp.Text
	}
	resp, err := s.c.do(ctx, &iproto.Prepare{SQL: text})
	if err != nil {
		return err
	}
	defer resp.Release()
	var b iproto.Body
	if err := resp.Parse(&b); err != nil {
		return err
	}
	if !b.HasStmtID {
		return errors.New("tarantool: PREPARE reply has no statement id")
	}
	if !preparedFits(&s.params, &b) || fp != nil && !paramsMatch(fp, b.BindMetadata) || !s.c.sess.addStmt(b.StmtID, text) {
		// The server gave another text's statement: run this one as text.
		s.id, s.fp, s.numInput, s.cols, s.schema = 0, nil, -1, nil, 0
		return nil
	}
	set, err := s.c.columns(b.Metadata)
	if err != nil {
		s.c.sess.dropStmt(b.StmtID)
		return err
	}
	s.id, s.fp, s.numInput, s.cols, s.schema = b.StmtID, fp, int(b.BindCount), set, resp.Header().SchemaVersion
	return nil
}

// NumInput returns the number of parameters the server counted, or -1
// for a statement with named parameters: a name may be written with
// several prefixes (:a and @a), which the server counts apart but one
// argument binds, so the driver checks the names itself.
func (s *stmt) NumInput() int {
	if len(s.params.named) > 0 || s.id == 0 {
		return -1 // the driver checks the arguments against the text
	}
	return s.numInput
}

// CheckNamedValue implements driver.NamedValueChecker with ValueConverter.
func (s *stmt) CheckNamedValue(nv *driver.NamedValue) error { return s.c.CheckNamedValue(nv) }

// Close unprepares the statement unless another open Stmt of the
// connection shares its id (the server's id is a hash of the text).
func (s *stmt) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	if s.id == 0 {
		return nil
	}
	return s.release(context.Background(), s.id)
}

func (s *stmt) release(ctx context.Context, id uint64) error {
	if !s.c.sess.dropStmt(id) {
		return nil
	}
	if s.c.ic.Err() != nil {
		return nil // the server dropped the session's statements
	}
	resp, err := s.c.do(ctx, &iproto.Unprepare{StmtID: id})
	if errors.Is(err, iproto.ErWrongQueryID) || errors.Is(err, driver.ErrBadConn) {
		return nil
	}
	if err != nil {
		return err
	}
	resp.Release()
	return nil
}

// Exec implements driver.Stmt.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), valuesToNamed(args))
}

// Query implements driver.Stmt.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), valuesToNamed(args))
}

func valuesToNamed(args []driver.Value) []driver.NamedValue {
	nvs := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nvs[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nvs
}

// ExecContext implements driver.StmtExecContext.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	resp, err := s.execute(ctx, args)
	if err != nil {
		return nil, err
	}
	defer resp.Release()
	return newResult(resp)
}

// QueryContext implements driver.StmtQueryContext.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	resp, err := s.execute(ctx, args)
	if err != nil {
		return nil, err
	}
	return s.c.newRows(resp, s.cols)
}

func (s *stmt) execute(ctx context.Context, args []driver.NamedValue) (engine.Response, error) {
	if s.closed {
		return engine.Response{}, errors.New("tarantool: statement is closed")
	}
	if s.c.tx != nil && s.c.tx.readOnly && s.params.writes() {
		return engine.Response{}, ErrReadOnlyTx
	}
	if s.c.tx != nil && s.params.isDDL() {
		return engine.Response{}, ErrDDLInTx
	}
	if s.id == 0 || !sqlsession.ExecutableByID(s.params.keyword, s.c.ic.ServerVersion()) {
		// Another text's statement, or one this server cannot run by id
		// again (iproto.VersionPreparedAutoinc): the text.
		return s.c.execute(ctx, &s.params, s.query, 0, args)
	}
	resp, err := s.executeByID(ctx, args)
	if err != nil && sqlsession.PreparedExpired(s.c.ic, err, s.schema) {
		old := s.id
		if perr := s.prepare(ctx); perr != nil {
			return engine.Response{}, perr
		}
		_ = s.release(ctx, old)
		if s.id == 0 {
			return s.c.execute(ctx, &s.params, s.query, 0, args)
		}
		resp, err = s.executeByID(ctx, args)
	}
	return resp, err
}

// executeByID runs the statement by its id, or as text when its named
// arguments do not line up with the fingerprint's parameters (which
// should not happen: errBindsDisagree).
func (s *stmt) executeByID(ctx context.Context, args []driver.NamedValue) (engine.Response, error) {
	resp, err := s.c.executeByID(ctx, &s.params, s.fp, s.id, args)
	if errors.Is(err, errBindsDisagree) {
		return s.c.execute(ctx, &s.params, s.query, 0, args)
	}
	return resp, err
}
