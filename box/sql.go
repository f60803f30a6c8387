package box

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/tntsql/tarantool/internal/sqlargs"
	"github.com/tntsql/tarantool/internal/sqlsession"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Named binds an SQL parameter by name; name includes the prefix the SQL
// text uses (":id", "@id", "$id").
func Named(name string, value any) iproto.NamedArg { return iproto.NamedArg{Name: name, Value: value} }

// Execute runs one SQL statement. Each arg binds one "?" in order, or a
// named parameter when made with Named. Decode the Result's rows like
// tuples; Columns, RowCount and AutoincrementIDs describe it. Arguments a
// server cannot take (extension values, arrays and maps before 2.10; a
// map by position) are refused before sending. Unless the statement
// cache is off (statement_cache_capacity=0), a text with parameters run
// again is prepared and executed by id (stmtcache.go), outside streams.
func (h *handle) Execute(ctx context.Context, sql string, args ...any) Result {
	if len(args) > 0 && !mayHaveParameters(sql) {
		r := newResult()
		r.err = fmt.Errorf("tarantool: Execute got %d argument(s) for a statement without parameters (no ?, :name, @name or $N in its text); args is variadic: pass none, not nil", len(args))
		return h.run(ctx, r, nil, nil, buildExecute)
	}
	if h.c.cache != nil && h.stream == 0 && cacheableSQL(sql) {
		if res, ok := h.c.executeCached(ctx, sql, args); ok {
			return res
		}
	}
	r := newResult()
	r.tuples = true
	r.exec = iproto.Execute{SQL: sql, Args: args}
	return h.run(ctx, r, nil, nil, buildExecute)
}

// mayHaveParameters reports whether sql holds a character a placeholder
// begins with. A text without any has no parameters, so arguments given
// with it are a mistake the server would refuse less clearly ("The number
// of parameters is too large").
func mayHaveParameters(sql string) bool { return strings.ContainsAny(sql, "?:@$") }

// buildExecute returns the EXECUTE request, or nil when its arguments
// must not be sent to the server (r.err says why).
func buildExecute(r *result) iproto.Request {
	if r.err = sqlargs.Check(r.ic.ServerVersion(), r.exec.Args); r.err != nil {
		return nil
	}
	return &r.exec
}

// Prepared is an SQL statement prepared on the server. It is prepared
// again transparently after a reconnection or when the server has
// dropped it (after DDL). Close unprepares it.
type Prepared struct {
	h   handle
	sql string

	mu     sync.Mutex
	id     uint64
	asText bool                    // the server's statement for id is another text's: run sql unprepared
	fp     *sqlsession.Fingerprint // the statement cache's: sql is fp.Text, whose parameters each reply must name
	ic     *engine.Conn            // the connection the id belongs to
	schema uint64                  // the schema version it was prepared at
	params []iproto.ColumnInfo
	cols   []iproto.ColumnInfo
}

// Prepare prepares sql on the server.
func (h *handle) Prepare(ctx context.Context, sql string) (*Prepared, error) {
	p := &Prepared{h: *h, sql: sql}
	if _, _, err := p.prepared(ctx, nil); err != nil {
		return nil, err
	}
	return p, nil
}

// prepareFingerprinted prepares fp.Text for the statement cache: every
// PREPARE reply, now and after a reconnection or DDL, must name fp's
// parameters, or the statement is another text's and fp.Text runs as
// text.
func (h *handle) prepareFingerprinted(ctx context.Context, fp *sqlsession.Fingerprint) (*Prepared, error) {
	p := &Prepared{h: *h, sql: fp.Text, fp: fp}
	if _, _, err := p.prepared(ctx, nil); err != nil {
		return nil, err
	}
	return p, nil
}

// Params describes the statement's parameters.
func (p *Prepared) Params() []iproto.ColumnInfo {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.params
}

// Columns describes the rows the statement returns (nil for statements
// that return none, and for one that runs unprepared because the server's
// statement for its id was another text's).
func (p *Prepared) Columns() []iproto.ColumnInfo {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cols
}

// prepared returns the statement id valid on the current connection,
// preparing the statement when it has none there or when stale is the
// id the server no longer knows.
func (p *Prepared) prepared(ctx context.Context, stale *uint64) (uint64, *engine.Conn, error) {
	ic, err := p.h.conn(ctx)
	if err != nil {
		return 0, nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.asText {
		return 0, ic, nil
	}
	if p.ic == ic && p.id != 0 && (stale == nil || *stale != p.id) {
		return p.id, ic, nil
	}
	resp, err := ic.DoOpts(ctx, &iproto.Prepare{SQL: p.sql}, &engine.CallOptions{StreamID: p.h.stream})
	if err != nil {
		return 0, nil, err
	}
	defer resp.Release()
	var b iproto.Body
	if err := resp.Parse(&b); err != nil {
		return 0, nil, err
	}
	if !b.HasStmtID {
		return 0, nil, errors.New("tarantool: PREPARE reply without a statement id")
	}
	if p.params, err = iproto.DecodeColumns(b.BindMetadata); err != nil {
		return 0, nil, err
	}
	if p.cols, err = iproto.DecodeColumns(b.Metadata); err != nil {
		return 0, nil, err
	}
	old, had := stmtHold{p.ic, p.id}, p.id != 0
	if had {
		sqlsession.ReleasePreparedID(p.id) // the id held before (another connection, or expired)
	}
	if p.fp != nil && !p.fp.Matches(p.params) || !sqlsession.ClaimPreparedID(b.StmtID, p.sql) {
		// The server gave another text's statement: its parameters are
		// not the fingerprint's, or another text of the process holds
		// the id (sqlsession/prepared_ids.go).
		if had {
			p.h.c.unhold(old)
		}
		p.id, p.asText, p.params, p.cols = 0, true, nil, nil
		return 0, ic, nil
	}
	if held := (stmtHold{ic, b.StmtID}); !had || old != held {
		p.h.c.hold(held)
		if had {
			p.h.c.unhold(old)
		}
	}
	p.id, p.ic, p.schema = b.StmtID, ic, resp.Header().SchemaVersion
	return p.id, ic, nil
}

// Execute runs the prepared statement with args, as Conn.Execute runs a
// text: positional values, or box.Named values by name. After DDL has
// expired the statement on the server, it is prepared again and the
// execution retried once.
func (p *Prepared) Execute(ctx context.Context, args ...any) Result {
	for attempt := 0; ; attempt++ {
		id, ic, err := p.prepared(ctx, nil)
		if err != nil {
			return errResult(notSent(err))
		}
		if !executableByID(p.sql, ic.ServerVersion()) {
			id = 0 // this server cannot run it by id again (iproto.VersionPreparedAutoinc): the text
		}
		r := newResult()
		r.tuples = true
		r.exec = iproto.Execute{StmtID: id, Args: args}
		if id == 0 {
			r.exec = iproto.Execute{SQL: p.sql, Args: args} // asText
		}
		res := p.h.run(ctx, r, nil, nil, buildExecute)
		if attempt == 0 && p.expired(id, r.wait()) {
			res.Release()
			if _, _, err := p.prepared(ctx, &id); err != nil {
				return errResult(notSent(err))
			}
			continue
		}
		return res
	}
}

// expired reports whether err says the server no longer has statement id
// — dropped after DDL (sqlsession.PreparedExpired), or unknown to the
// session because another Prepared or the statement cache of the same
// text on the connection unprepared it (the id is the text's hash, one
// per session) — and no other goroutine has prepared the statement again
// since. The execution did not run: preparing again and retrying is safe.
func (p *Prepared) expired(id uint64, err error) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.id == id && (sqlsession.PreparedExpired(p.ic, err, p.schema) || errors.Is(err, iproto.ErWrongQueryID))
}

// Close unprepares the statement, unless another Prepared (or the
// statement cache) of the Conn holds the same statement on the same
// connection: the server's id is the text's hash, one per session.
func (p *Prepared) Close(ctx context.Context) error {
	p.mu.Lock()
	id, ic := p.id, p.ic
	p.id, p.ic = 0, nil
	p.mu.Unlock()
	if id == 0 || ic == nil {
		return nil
	}
	sqlsession.ReleasePreparedID(id)
	if !p.h.c.unhold(stmtHold{ic, id}) || ic.Err() != nil {
		return nil
	}
	resp, err := ic.DoOpts(ctx, &iproto.Unprepare{StmtID: id}, &engine.CallOptions{StreamID: p.h.stream})
	if err != nil {
		return err
	}
	resp.Release()
	return nil
}

// stmtHold is a statement id held on one connection by Prepareds of a
// Conn, counted in Conn.holds: the last to let go unprepares it.
type stmtHold struct {
	ic *engine.Conn
	id uint64
}

// hold counts one more Prepared holding h.
func (c *Conn) hold(h stmtHold) {
	c.holdMu.Lock()
	if c.holds == nil {
		c.holds = map[stmtHold]int{}
	}
	c.holds[h]++
	c.holdMu.Unlock()
}

// unhold counts one Prepared holding h less and reports whether it was
// the last.
func (c *Conn) unhold(h stmtHold) bool {
	c.holdMu.Lock()
	defer c.holdMu.Unlock()
	if c.holds[h]--; c.holds[h] > 0 {
		return false
	}
	delete(c.holds, h)
	return true
}
