package box

import (
	"container/list"
	"context"
	"strings"
	"sync"

	"github.com/tntsql/tarantool/internal/sqlsession"
	"github.com/tntsql/tarantool/iproto"
)

// The statement cache of Execute (Config.StatementCacheCapacity, as the SQL
// driver's): a text run a second time on a Conn is prepared (a Prepared of
// the Conn's) and executed by id from then on, so that the server parses
// it once. One-off texts never are; only texts of one statement that read
// or change data are (no ';' at all, a leading SELECT, VALUES, WITH,
// INSERT, UPDATE, DELETE or REPLACE); requests in a stream run as text.
// Beyond capacity the least recently used is closed (unprepared) once no
// Execute uses it. A text whose PREPARE failed, or collided with another
// text's statement, runs as text from then on; before 2.10.4 only SELECT
// and VALUES are cached (sqlsession.ExecutableByID). What is prepared is the
// text fingerprinted (sqlsession.Fingerprint), so that another text's
// statement the server's 32-bit ids confuse with it is never run in its
// place; a text without parameters, or with $N or ?N ones, runs as text.

// stmtCache is a Conn's cache of Prepared texts.
type stmtCache struct {
	mu       sync.Mutex
	capacity int
	items    map[string]*list.Element // text -> its *cachedPrepared in lru
	lru      list.List                // most recently used first
	admit    sqlsession.Admission     // which texts are prepared: at their second run, never when refused
}

// cachedPrepared is a text's Prepared and how many Executes use it now.
type cachedPrepared struct {
	text    string
	p       *Prepared
	users   int
	evicted bool // out of the cache: closed when the last user is done
}

func newStmtCache(capacity int) *stmtCache {
	return &stmtCache{capacity: capacity, items: map[string]*list.Element{},
		admit: sqlsession.NewAdmission(capacity)}
}

// cacheableSQL reports whether text may go through the cache: one
// statement that reads or changes data.
func cacheableSQL(text string) bool {
	if strings.IndexByte(text, ';') >= 0 {
		return false
	}
	return sqlsession.CacheableKeyword(leadingKeyword(text))
}

// leadingKeyword returns text's first word, upper-cased, past white space
// and comments.
func leadingKeyword(text string) string {
	i := 0
	for i < len(text) {
		switch {
		case strings.IndexByte(" \t\n\r\f\v", text[i]) >= 0:
			i++
		case strings.HasPrefix(text[i:], "--"):
			if end := strings.IndexByte(text[i:], '\n'); end >= 0 {
				i += end + 1
			} else {
				return ""
			}
		case strings.HasPrefix(text[i:], "/*"):
			if end := strings.Index(text[i+2:], "*/"); end >= 0 {
				i += end + 4
			} else {
				return ""
			}
		default:
			j := i
			for j < len(text) && (text[j] == '_' || text[j] >= 'a' && text[j] <= 'z' || text[j] >= 'A' && text[j] <= 'Z') {
				j++
			}
			return strings.ToUpper(text[i:j])
		}
	}
	return ""
}

// use returns text's cached entry, counted as used until done is
// called, or nil: then prepare says whether to prepare text now (its
// second run).
func (sc *stmtCache) use(text string) (e *cachedPrepared, prepare bool) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if el, ok := sc.items[text]; ok {
		sc.lru.MoveToFront(el)
		e = el.Value.(*cachedPrepared)
		e.users++
		return e, false
	}
	return nil, sc.admit.Prepare(text)
}

// add caches p for text, counted as used by the caller, and returns the
// entries to close now (evicted, unused). When text was cached meanwhile,
// the cached entry is returned for use and p is among those to close.
func (sc *stmtCache) add(text string, p *Prepared) (e *cachedPrepared, closeNow []*Prepared) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if el, ok := sc.items[text]; ok {
		e = el.Value.(*cachedPrepared)
		e.users++
		return e, []*Prepared{p}
	}
	e = &cachedPrepared{text: text, p: p, users: 1}
	sc.items[text] = sc.lru.PushFront(e)
	for sc.lru.Len() > sc.capacity {
		old := sc.lru.Remove(sc.lru.Back()).(*cachedPrepared)
		delete(sc.items, old.text)
		old.evicted = true
		if old.users == 0 {
			closeNow = append(closeNow, old.p)
		}
	}
	return e, closeNow
}

// done ends one use of e and reports whether e is to be closed now.
func (sc *stmtCache) done(e *cachedPrepared) bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	e.users--
	return e.evicted && e.users == 0
}

// refuse records that text runs as text from now on.
func (sc *stmtCache) refuse(text string) {
	sc.mu.Lock()
	sc.admit.Refuse(text)
	sc.mu.Unlock()
}

// executeCached runs sql through the cache, or reports false when it is
// to run as text.
func (c *Conn) executeCached(ctx context.Context, sql string, args []any) (Result, bool) {
	if !executableByID(sql, c.EngineConn().ServerVersion()) {
		return Result{}, false
	}
	sc := c.cache
	e, prepare := sc.use(sql)
	if e == nil {
		if !prepare {
			return Result{}, false
		}
		fp, ok := sqlsession.NewFingerprint(sql)
		if !ok {
			sc.refuse(sql)
			return Result{}, false
		}
		p, err := c.handle.prepareFingerprinted(ctx, &fp)
		if err != nil {
			sc.refuse(sql)
			return Result{}, false
		}
		if p.runsAsText() {
			p.Close(ctx)
			sc.refuse(sql)
			return Result{}, false
		}
		var closeNow []*Prepared
		e, closeNow = sc.add(sql, p)
		for _, old := range closeNow {
			old.Close(ctx)
		}
	}
	binds, ok := positionalBinds(e.p.fp, args)
	if !ok {
		if sc.done(e) {
			e.p.Close(ctx)
		}
		return Result{}, false
	}
	res := e.p.Execute(ctx, binds...)
	if sc.done(e) {
		e.p.Close(ctx)
	}
	return res, true
}

// executableByID reports whether the server at version v may run sql,
// prepared, by id again and again (sqlsession.ExecutableByID). The
// version comes first: from 2.10.4 every statement may, and the text's
// keyword need not be read.
func executableByID(sql string, v iproto.Version) bool {
	return v >= iproto.VersionPreparedAutoinc || sqlsession.ExecutableByID(leadingKeyword(sql), v)
}

// positionalBinds returns args as positional binds of fp's statement: as
// they are when none is Named, one per parameter in order when all are.
// It reports false, for the text to run as text and the server to judge,
// when they do not bind fp's parameters one to one: a count that is not
// the parameters', a name the text does not have or one missing, names
// mixed with positions.
func positionalBinds(fp *sqlsession.Fingerprint, args []any) ([]any, bool) {
	named := 0
	for _, a := range args {
		if _, ok := a.(iproto.NamedArg); ok {
			named++
		}
	}
	if len(args) != len(fp.Spellings) || named != 0 && named != len(args) {
		return nil, false
	}
	if named == 0 {
		for _, spelling := range fp.Spellings {
			if spelling != "?" {
				return nil, false // a named parameter bound by position
			}
		}
		return args, true
	}
	binds := make([]any, len(fp.Spellings))
	for k, spelling := range fp.Spellings {
		found := false
		for _, a := range args {
			if na := a.(iproto.NamedArg); na.Name == spelling {
				binds[k], found = na.Value, true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return binds, true
}

// runsAsText reports whether the server's statement for p's id was
// another text's, so that p runs its text unprepared.
func (p *Prepared) runsAsText() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.asText
}
