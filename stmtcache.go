package tarantool

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
	"sync"

	"github.com/tntsql/tarantool/internal/sqlsession"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// The statement cache (Config.StatementCacheCapacity): a socket's SQL texts
// run more than once are prepared on the server, once, and executed by id,
// which spares the server parsing them again. Tarantool scopes prepared
// statements to the session, and the connections sharing a socket share
// its session, so the cache is the socket's (session.cache).
//
//   - A text is prepared at its second run: one-off texts (literals inlined
//     in the SQL) never are, and so never fill the server's cache.
//   - Only single statements that read or change data are cached: not DDL,
//     not transaction control; before 2.10.4 only SELECT and VALUES
//     (sqlsession.ExecutableByID).
//   - Beyond capacity, the least recently used is evicted and unprepared
//     (unless an open Stmt of the session holds the same id).
//   - A statement the server expired (DDL since) is prepared again, once;
//     one unknown to the server (evicted and unprepared by another
//     connection of the socket meanwhile) runs as text: it never ran.
//   - When the server's statement memory (sql_cache_size) is full, half the
//     cache is unprepared and the PREPARE retried once; failing again, or
//     failing for any reason, the text runs as text and is not tried again.
//   - What is prepared is the text fingerprinted (sqlsession.Fingerprint):
//     its placeholders renamed to carry a digest of it, which PREPARE's
//     reply must name back. A reply that is another text's statement (a
//     collision of the server's 32-bit ids, whoever prepared the other
//     text) fails that check, and the text runs as text. A text without
//     parameters, or with $N or ?N ones, cannot be fingerprinted and
//     runs as text.

// stmtCache is one socket's cache of prepared texts.
type stmtCache struct {
	mu       sync.Mutex
	capacity int
	items    map[string]*list.Element // text -> its *cachedStmt in lru
	lru      list.List                // most recently used first
	admit    sqlsession.Admission     // which texts are prepared: at their second run, never when refused
}

// cachedStmt is a text prepared on the socket's session.
type cachedStmt struct {
	text   string                  // the user's text, the cache's key
	fp     *sqlsession.Fingerprint // what was prepared
	id     uint64
	schema uint64 // the schema version it was prepared at
}

func newStmtCache(capacity int) *stmtCache {
	return &stmtCache{
		capacity: capacity,
		items:    make(map[string]*list.Element),
		admit:    sqlsession.NewAdmission(capacity),
	}
}

// cacheable reports whether a statement may be cached: one statement that
// reads or changes data.
func cacheable(p *sqlParams) bool {
	return sqlsession.CacheableKeyword(p.keyword) && p.statements <= 1 && !p.nul
}

// lookup returns the cached statement of text, or, when it has none,
// whether text should be prepared now: it was seen before and was not
// refused. It notes a first sighting.
func (sc *stmtCache) lookup(text string) (st cachedStmt, hit, prepare bool) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if el, ok := sc.items[text]; ok {
		sc.lru.MoveToFront(el)
		return *el.Value.(*cachedStmt), true, false
	}
	return cachedStmt{}, false, sc.admit.Prepare(text)
}

// refuse records that text runs as text from now on.
func (sc *stmtCache) refuse(text string) {
	sc.mu.Lock()
	sc.admit.Refuse(text)
	sc.mu.Unlock()
}

// add caches st, whose id the session holds once for the cache, and
// returns the statements it evicted, whose holds the caller drops. When
// another connection cached the text meanwhile, st is returned among the
// evicted (the cache holds the id once) and the cached one is kept.
func (sc *stmtCache) add(st cachedStmt) (evicted []cachedStmt) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if _, ok := sc.items[st.text]; ok {
		return []cachedStmt{st}
	}
	sc.items[st.text] = sc.lru.PushFront(&st)
	for sc.lru.Len() > sc.capacity {
		evicted = append(evicted, *sc.removeLocked(sc.lru.Back()))
	}
	return evicted
}

// remove drops text's statement if it is still id, and reports whether it
// did (the caller then drops the cache's hold).
func (sc *stmtCache) remove(text string, id uint64) bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	el, ok := sc.items[text]
	if !ok || el.Value.(*cachedStmt).id != id {
		return false
	}
	sc.removeLocked(el)
	return true
}

// shrink evicts the older half of the cache and returns it.
func (sc *stmtCache) shrink() (evicted []cachedStmt) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	for n := (sc.lru.Len() + 1) / 2; n > 0; n-- {
		evicted = append(evicted, *sc.removeLocked(sc.lru.Back()))
	}
	return evicted
}

func (sc *stmtCache) removeLocked(el *list.Element) *cachedStmt {
	st := sc.lru.Remove(el).(*cachedStmt)
	delete(sc.items, st.text)
	return st
}

// executeCached runs text through the cache: by id when it is prepared,
// preparing it at its second run. ok is false when the text is to run as
// text (not cached, refused, or its statement is gone from the server).
func (c *Conn) executeCached(ctx context.Context, sc *stmtCache, p *sqlParams, text string, args []driver.NamedValue) (resp engine.Response, ok bool, err error) {
	st, hit, prepare := sc.lookup(text)
	if !hit {
		if !prepare {
			return engine.Response{}, false, nil
		}
		if st, ok = c.prepareCached(ctx, sc, p, text); !ok {
			return engine.Response{}, false, nil
		}
	}
	resp, err = c.executeByID(ctx, p, st.fp, st.id, args)
	if err == nil {
		return resp, true, nil
	}
	switch {
	case errors.Is(err, errBindsDisagree):
		// Nothing was sent: the text runs as text from now on.
		c.uncache(sc, st)
		sc.refuse(text)
		return engine.Response{}, false, nil
	case sqlsession.PreparedExpired(c.ic, err, st.schema):
		// DDL since: prepare again, once.
		c.uncache(sc, st)
		if st, ok = c.prepareCached(ctx, sc, p, text); !ok {
			return engine.Response{}, false, nil
		}
		resp, err = c.executeByID(ctx, p, st.fp, st.id, args)
		return resp, true, err
	case errors.Is(err, iproto.ErWrongQueryID):
		// Unprepared by another connection of the socket meanwhile:
		// it did not run.
		c.uncache(sc, st)
		return engine.Response{}, false, nil
	}
	return resp, true, err
}

// executeByID binds args and sends one EXECUTE of the prepared statement
// id, of fp's text when fp is not nil. Then the binds are positional: the
// server binds the renamed parameters of fp by position, and a named
// argument goes to each position its name has, with any prefix (bindArgs
// has checked that they match).
func (c *Conn) executeByID(ctx context.Context, p *sqlParams, fp *sqlsession.Fingerprint, id uint64, args []driver.NamedValue) (engine.Response, error) {
	binds, err := bindArgs(p, args, c.binds[:0])
	if err != nil {
		return engine.Response{}, err
	}
	if fp != nil && len(args) > 0 && args[0].Name != "" {
		if len(binds) != len(fp.Spellings) {
			clear(binds)
			return engine.Response{}, errBindsDisagree
		}
		for k, spelling := range fp.Spellings {
			for _, a := range args {
				if a.Name == spelling[1:] {
					binds[k] = a.Value
					break
				}
			}
		}
	}
	c.binds = binds
	c.req = iproto.Execute{StmtID: id, Args: binds}
	resp, err := c.do(ctx, &c.req)
	clear(binds) // drop the references to the arguments
	c.req = iproto.Execute{}
	return resp, err
}

// prepareCached prepares text, fingerprinted, for the cache (outside any
// transaction's stream: a statement belongs to the session) and caches it.
func (c *Conn) prepareCached(ctx context.Context, sc *stmtCache, p *sqlParams, text string) (cachedStmt, bool) {
	fp, ok := sqlsession.NewFingerprint(text)
	if !ok {
		sc.refuse(text)
		return cachedStmt{}, false
	}
	st, err := c.prepareText(ctx, p, text, &fp)
	if isStatementMemoryFull(err) {
		c.dropHolds(sc.shrink())
		st, err = c.prepareText(ctx, p, text, &fp)
	}
	if err != nil {
		sc.refuse(text)
		return cachedStmt{}, false
	}
	c.dropHolds(sc.add(st))
	return st, true
}

// prepareText sends PREPARE of fp.Text and takes a hold on the id for the
// cache. A reply that is another text's statement is refused
// (errCollision).
func (c *Conn) prepareText(ctx context.Context, p *sqlParams, text string, fp *sqlsession.Fingerprint) (cachedStmt, error) {
	resp, err := c.ic.DoOpts(ctx, &iproto.Prepare{SQL: fp.Text}, nil)
	if err != nil {
		return cachedStmt{}, err
	}
	defer resp.Release()
	var b iproto.Body
	if err := resp.Parse(&b); err != nil {
		return cachedStmt{}, err
	}
	if !b.HasStmtID || !preparedFits(p, &b) || !paramsMatch(fp, b.BindMetadata) || !c.sess.addStmt(b.StmtID, fp.Text) {
		return cachedStmt{}, errCollision
	}
	return cachedStmt{text: text, fp: fp, id: b.StmtID, schema: resp.Header().SchemaVersion}, nil
}

// paramsMatch reports whether the parameters a PREPARE reply names
// (BIND_METADATA) are fp's: the statement is fp.Text's.
func paramsMatch(fp *sqlsession.Fingerprint, bindMetadata []byte) bool {
	params, err := iproto.DecodeColumns(bindMetadata)
	return err == nil && fp.Matches(params)
}

// errBindsDisagree marks named arguments whose binds bindArgs counts
// apart from the fingerprint's parameters: scanSQL and the fingerprint
// lex the text differently, which they should not; the text runs as text.
var errBindsDisagree = errors.New("tarantool: the statement cache's parameters are not the text's")

// errCollision marks a PREPARE that gave another text's statement.
var errCollision = errors.New("tarantool: the server's prepared statement for the text's id is another text's")

// isStatementMemoryFull reports the server's refusal to prepare because
// its prepared statements fill sql_cache_size.
func isStatementMemoryFull(err error) bool { return errors.Is(err, iproto.ErSQLPrepare) }

// uncache drops st from the cache, if it is still there, and its hold.
func (c *Conn) uncache(sc *stmtCache, st cachedStmt) {
	if sc.remove(st.text, st.id) {
		c.dropHolds([]cachedStmt{st})
	}
}

// dropHolds drops the cache's hold on each statement and unprepares those
// no Stmt of the session holds, without waiting for the replies.
func (c *Conn) dropHolds(sts []cachedStmt) {
	for _, st := range sts {
		if !c.sess.dropStmt(st.id) || c.ic.Err() != nil {
			continue
		}
		if f, err := c.ic.Send(&iproto.Unprepare{StmtID: st.id}, nil); err == nil {
			f.Release() // the reader drops the reply
		}
	}
}
