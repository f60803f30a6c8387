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

// Conn is one database/sql connection: a session on a socket that, by
// default, the pool's connections share (Config.Sockets; with a negative Sockets,
// a socket of its own). Reach it with sql.Conn.Raw to use
// Tarantool-specific calls:
//
//	conn.Raw(func(dc any) error {
//		c := dc.(*tarantool.Conn)
//		res, err := c.Exec(ctx, "INSERT INTO t(name) VALUES (?), (?)", "a", "b")
//		ids := res.AutoincrementIDs()
//		...
//	})
type Conn struct {
	ic   *engine.Conn // sess.ic
	sess *session
	cfg  *Config
	tx   *txn // the open transaction, if any
	// retired is set when the connection's state on the server is no
	// longer known (a ROLLBACK got no reply): database/sql must not
	// hand it out again.
	retired bool

	// database/sql uses a connection from one goroutine at a time: what
	// follows is reused from request to request.
	colCache map[string]*columnSet // decoded METADATA by its bytes
	sqlCache map[string]*sqlParams // scanned SQL text
	freeRows *rows                 // a closed rows to reuse
	req      iproto.Execute        // the request being sent
	binds    []any                 // its arguments
	opts     engine.CallOptions
}

func newConn(s *session, cfg *Config) *Conn {
	c := &Conn{sess: s, cfg: cfg, colCache: map[string]*columnSet{}, sqlCache: map[string]*sqlParams{}}
	if s != nil {
		c.ic = s.ic
	}
	return c
}

// EngineConn returns the underlying protocol connection, so that package
// box (or raw iproto requests) can run on the same session:
//
//	conn.Raw(func(dc any) error {
//		b := box.NewConn(dc.(*tarantool.Conn).EngineConn())
//		...
//	})
//
// Requests sent on it bypass database/sql's transaction and must not be
// used after the function given to Raw returns.
func (c *Conn) EngineConn() *engine.Conn { return c.ic }

// ServerVersion returns the server's version.
func (c *Conn) ServerVersion() iproto.Version { return c.ic.ServerVersion() }

// String describes the connection by its Config, password masked.
func (c *Conn) String() string { return "tarantool.Conn(" + c.cfg.String() + ")" }

// Prepare implements driver.Conn.
func (c *Conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// Begin implements driver.Conn.
func (c *Conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// Close closes the connection. The socket closes with the last connection
// of the pool sharing it (Config.Sockets); the server then releases the
// session's prepared statements.
func (c *Conn) Close() error { return c.sess.release() }

// Ping implements driver.Pinger with an IPROTO PING. database/sql does not
// retry a Ping, so a connection that failed before the ping was written
// gives the *engine.ConnError saying why rather than driver.ErrBadConn;
// either way the connection is marked broken and the pool drops it.
func (c *Conn) Ping(ctx context.Context) error {
	resp, err := c.ic.Do(ctx, iproto.Ping{})
	if err != nil {
		if mapped := c.mapErr(err); !errors.Is(mapped, driver.ErrBadConn) {
			return mapped
		}
		return err
	}
	resp.Release()
	return nil
}

// ResetSession implements driver.SessionResetter: a broken connection is
// not handed out again.
func (c *Conn) ResetSession(ctx context.Context) error {
	if !c.IsValid() {
		return driver.ErrBadConn
	}
	return nil
}

// IsValid implements driver.Validator: false once the socket has failed,
// a request on it failed for the socket, or a ROLLBACK got no reply.
func (c *Conn) IsValid() bool {
	if c.retired {
		return false
	}
	if c.sess != nil {
		return c.sess.usable()
	}
	return c.ic.Err() == nil
}

// CheckNamedValue implements driver.NamedValueChecker with ValueConverter,
// then refuses what the server cannot bind: on Tarantool older than 2.10,
// DECIMAL, UUID, DATETIME, INTERVAL, ARRAY and MAP arguments (2.6 to 2.9
// crash on extension values), and a MAP argument bound by position on
// any version (the server would read it as a named parameter).
func (c *Conn) CheckNamedValue(nv *driver.NamedValue) error {
	v, err := ValueConverter.ConvertValue(nv.Value)
	if err != nil {
		return err
	}
	if err := checkBind(nv, v, c.ic.ServerVersion()); err != nil {
		return err
	}
	nv.Value = v
	return nil
}

// ExecContext implements driver.ExecerContext: one EXECUTE with the text.
func (c *Conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.exec(ctx, query, args)
}

// Exec runs a statement and returns the driver's Result with every
// autoincrement id. Arguments follow the rules of ValueConverter.
func (c *Conn) Exec(ctx context.Context, query string, args ...any) (*Result, error) {
	nvs, err := c.namedValues(args)
	if err != nil {
		return nil, err
	}
	return c.exec(ctx, query, nvs)
}

// Query runs a query for a caller of sql.Conn.Raw, with arguments as
// database/sql takes them (sql.Named for named parameters). The rows
// read with Next into driver values, as database/sql would get them;
// they also implement driver.RowsColumnTypeDatabaseTypeName, ScanType and
// Nullable. Close them when done; closing them twice is harmless.
func (c *Conn) Query(ctx context.Context, query string, args ...any) (driver.Rows, error) {
	nvs, err := c.namedValues(args)
	if err != nil {
		return nil, err
	}
	resp, err := c.executeText(ctx, query, nvs)
	if err != nil {
		return nil, err
	}
	r, err := c.newRows(resp, nil)
	if err != nil {
		return nil, err
	}
	r.kept = true
	return r, nil
}

// namedValues converts and checks arguments as database/sql would.
func (c *Conn) namedValues(args []any) ([]driver.NamedValue, error) {
	nvs := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nvs[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
		if na, ok := a.(sql.NamedArg); ok {
			nvs[i].Name, nvs[i].Value = na.Name, na.Value
		}
		if err := c.CheckNamedValue(&nvs[i]); err != nil {
			return nil, err
		}
	}
	return nvs, nil
}

func (c *Conn) exec(ctx context.Context, query string, args []driver.NamedValue) (*Result, error) {
	resp, err := c.executeText(ctx, query, args)
	if err != nil {
		return nil, err
	}
	defer resp.Release()
	return newResult(resp)
}

// QueryContext implements driver.QueryerContext: one EXECUTE with the text.
// Its rows are reused once closed, as database/sql closes them once and
// reads none after: a caller of sql.Conn.Raw uses Query instead.
func (c *Conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	resp, err := c.executeText(ctx, query, args)
	if err != nil {
		return nil, err
	}
	return c.newRows(resp, nil)
}

// executeText checks the text and arguments and sends one EXECUTE: of the
// text, or of its statement from the statement cache (stmtcache.go).
func (c *Conn) executeText(ctx context.Context, query string, args []driver.NamedValue) (engine.Response, error) {
	p := c.scanned(query)
	if err := c.checkStatement(p); err != nil {
		return engine.Response{}, err
	}
	if sc := c.sess.cache; sc != nil && cacheable(p) && sqlsession.ExecutableByID(p.keyword, c.ic.ServerVersion()) {
		if resp, ok, err := c.executeCached(ctx, sc, p, query, args); ok {
			return resp, err
		}
	}
	return c.execute(ctx, p, query, 0, args)
}

// execute binds args and sends one EXECUTE of query or of the prepared
// statement stmtID.
func (c *Conn) execute(ctx context.Context, p *sqlParams, query string, stmtID uint64, args []driver.NamedValue) (engine.Response, error) {
	binds, err := bindArgs(p, args, c.binds[:0])
	if err != nil {
		return engine.Response{}, err
	}
	c.binds = binds
	c.req = iproto.Execute{SQL: query, StmtID: stmtID, Args: binds}
	resp, err := c.do(ctx, &c.req)
	clear(binds) // drop the references to the arguments
	c.req = iproto.Execute{}
	return resp, err
}

// maxCachedSQL bounds a connection's cache of scanned SQL texts.
const maxCachedSQL = 64

// scanned returns what scanSQL finds in query, from the connection's
// cache when the text was seen before.
func (c *Conn) scanned(query string) *sqlParams {
	if p, ok := c.sqlCache[query]; ok {
		return p
	}
	p := scanSQL(query)
	if len(c.sqlCache) >= maxCachedSQL {
		clear(c.sqlCache)
	}
	c.sqlCache[query] = &p
	return &p
}

// errTxnText is returned for transaction statements sent as SQL text.
var errTxnText = errors.New("tarantool: transaction statements (BEGIN, START TRANSACTION, COMMIT, ROLLBACK) cannot be sent as SQL text: outside a stream Tarantool runs each request in its own transaction; use db.BeginTx, Tx.Commit and Tx.Rollback")

// ErrDDLInTx is matched by the error of a CREATE, DROP, ALTER or TRUNCATE
// statement run inside a transaction begun with BeginTx. Tarantool runs
// schema changes only in a transaction that does not outlive one request:
// in an interactive (stream) transaction the server accepts the statement
// and then aborts the whole transaction when the request ends, so the
// driver refuses it before sending. Run it outside the transaction.
var ErrDDLInTx = errors.New("tarantool: schema changes (CREATE, DROP, ALTER, TRUNCATE) cannot run inside an interactive transaction: Tarantool aborts such a transaction when the statement's request ends; run them outside the transaction")

// checkStatement refuses, before sending, a text the server would run
// other than as written: a NUL byte (the server's parser stops there and
// runs what precedes it), several statements (the server runs one
// statement per request), transaction control outside its place, and
// schema changes inside a transaction.
func (c *Conn) checkStatement(p *sqlParams) error {
	if p.nul {
		return errors.New("tarantool: SQL text contains a NUL byte: the server would run only the text before it; pass values as arguments")
	}
	if p.statements > 1 {
		return fmt.Errorf("tarantool: SQL text holds %d statements; Tarantool runs one statement per call: send them one at a time", p.statements)
	}
	if c.tx != nil && c.tx.readOnly && p.writes() {
		return ErrReadOnlyTx
	}
	if c.tx != nil && p.isDDL() {
		return ErrDDLInTx
	}
	return c.checkTxnControl(p)
}

func (c *Conn) checkTxnControl(p *sqlParams) error {
	control, allowedInTx := p.txnControl()
	if !control {
		return nil
	}
	if c.tx == nil || !allowedInTx {
		if c.tx == nil && allowedInTx {
			return errors.New("tarantool: SAVEPOINT, RELEASE and ROLLBACK TO work only inside a transaction begun with db.BeginTx")
		}
		return errTxnText
	}
	return nil
}

// do sends req (in the open transaction's stream, if any) and waits.
func (c *Conn) do(ctx context.Context, req iproto.Request) (engine.Response, error) {
	var resp engine.Response
	var err error
	if c.tx != nil {
		c.opts = engine.CallOptions{StreamID: c.tx.stream}
		resp, err = c.tx.statement(ctx, req, &c.opts)
	} else {
		resp, err = c.ic.DoOpts(ctx, req, nil)
	}
	if err != nil {
		return engine.Response{}, c.mapErr(err)
	}
	return resp, nil
}

// mapErr returns driver.ErrBadConn when the request provably never reached
// the server (so database/sql may retry it on another connection) and no
// transaction would be lost; otherwise the error itself. A connection
// error of any kind marks the session broken first, so that the retry
// does not get a connection on the same socket.
func (c *Conn) mapErr(err error) error {
	var ce *engine.ConnError
	if !errors.As(err, &ce) {
		if errors.Is(err, iproto.ErReadonly) && c.sess != nil && c.cfg.TargetSessionAttrs != engine.TargetAny {
			// The instance turned read-only (a failover) before the
			// connection learnt it: the pool drops the connection and
			// dials an instance that suits. The write itself is not
			// retried: it may have partly run.
			c.sess.markBroken()
		}
		return err
	}
	if c.sess != nil {
		c.sess.markBroken()
	}
	if !ce.Sent && c.tx == nil {
		return driver.ErrBadConn
	}
	return err
}
