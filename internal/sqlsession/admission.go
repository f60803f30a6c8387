package sqlsession

import "github.com/tntsql/tarantool/iproto"

// CacheableKeyword reports whether a statement with this leading keyword
// (upper-cased) may go through a statement cache: one that reads or
// changes data, not DDL and not transaction control.
func CacheableKeyword(keyword string) bool {
	switch keyword {
	case "SELECT", "VALUES", "WITH", "INSERT", "UPDATE", "DELETE", "REPLACE":
		return true
	}
	return false
}

// ExecutableByID reports whether a prepared statement with this leading
// keyword (upper-cased) may be executed by id, again and again, on a
// server at version v. Before iproto.VersionPreparedAutoinc only one that
// cannot generate autoincrement ids may: a SELECT or VALUES (an UPDATE or
// DELETE can, through a trigger's INSERT). The others run as text there.
func ExecutableByID(keyword string, v iproto.Version) bool {
	if v >= iproto.VersionPreparedAutoinc {
		return true
	}
	return keyword == "SELECT" || keyword == "VALUES"
}

// Admission is the policy by which a statement cache (the database/sql
// driver's and box's) takes texts in: a text is prepared at its second
// run, so that one-off texts never are, and a refused text (its PREPARE
// failed or collided) never is. The sets it keeps are cleared when they
// reach four times the cache's capacity. It is not safe for concurrent
// use: the cache's lock guards it.
type Admission struct {
	seen    map[string]struct{} // texts run once
	refused map[string]struct{} // texts that run as text
	limit   int
}

// NewAdmission returns the admission of a cache of the given capacity.
func NewAdmission(capacity int) Admission {
	return Admission{seen: map[string]struct{}{}, refused: map[string]struct{}{}, limit: 4 * capacity}
}

// Prepare reports whether a text the cache does not hold is to be
// prepared now: at its second sighting, unless refused. A first sighting
// is noted.
func (a *Admission) Prepare(text string) bool {
	if _, ok := a.refused[text]; ok {
		return false
	}
	if _, ok := a.seen[text]; ok {
		delete(a.seen, text)
		return true
	}
	a.note(a.seen, text)
	return false
}

// Refuse records that text runs as text from now on.
func (a *Admission) Refuse(text string) { a.note(a.refused, text) }

func (a *Admission) note(set map[string]struct{}, text string) {
	if len(set) >= a.limit {
		clear(set)
	}
	set[text] = struct{}{}
}
