package tarantool

import (
	"slices"
	"strings"

	"github.com/tntsql/tarantool/internal/sqlsession"
)

// sqlParams is what the driver learns from an SQL text before sending it:
// its placeholders, its leading keywords and whether it holds more than
// one statement.
type sqlParams struct {
	positional int                 // number of '?' placeholders
	numbered   int                 // highest N of the $N placeholders
	named      map[string][]string // name without prefix -> its spellings (":id", "@id")
	order      []string            // named parameters in order of first use, without prefix
	keyword    string              // first keyword, upper-cased ("SELECT", "BEGIN" ...)
	second     string              // second keyword, upper-cased
	statements int                 // statements in the text (separated by ';')
	nul        bool                // the text holds a NUL byte
	dollarName string              // a $name placeholder, which Tarantool does not have
}

// scanSQL lexes query past string literals ('...'), quoted identifiers
// ("..." and `...`), -- line comments and /* block */ comments, collecting
// placeholders: ?, $N (numbered, from 1) and :name, @name, and
// counting the statements separated by ';' (those inside the BEGIN ...
// END body of a CREATE TRIGGER separate none, as SplitStatements has it).
func scanSQL(query string) sqlParams {
	p := sqlParams{nul: strings.IndexByte(query, 0) >= 0}
	i, n := 0, len(query)
	tokens := false      // a token seen in the current statement
	var body triggerBody // whether a ';' is inside a CREATE TRIGGER's BEGIN ... END (sqlsplit.go)
	for i < n {
		c := query[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		case c == '-' && i+1 < n && query[i+1] == '-':
			for i < n && query[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < n && query[i+1] == '*':
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				i = n
			} else {
				i += end + 4
			}
			continue
		case c == ';':
			if !body.inside() {
				tokens = false
				body.reset()
			}
			i++
			continue
		}
		if !tokens {
			tokens = true
			p.statements++
		}
		switch {
		case c == '\'' || c == '"' || c == '`':
			i, _ = sqlsession.SkipQuoted(query, i, c)
		case c == '?':
			p.positional++
			i++
			for i < n && sqlsession.IsDigit(query[i]) { // ?NNN: counted as one placeholder
				i++
			}
		case c == '$' && i+1 < n && sqlsession.IsDigit(query[i+1]):
			j := i + 1
			num := 0
			for j < n && sqlsession.IsDigit(query[j]) {
				if num < 1<<20 {
					num = num*10 + int(query[j]-'0')
				}
				j++
			}
			p.numbered = max(p.numbered, num)
			i = j
		case (c == ':' || c == '@' || c == '$') && i+1 < n && sqlsession.IsIdentStart(query[i+1]):
			j := i + 1
			for j < n && sqlsession.IsIdentChar(query[j]) {
				j++
			}
			name, spelling := query[i+1:j], query[i:j]
			if c == '$' {
				// The server reads every $ placeholder as $N and
				// refuses a name with "Index of binding slots must
				// start from 1".
				if p.dollarName == "" {
					p.dollarName = spelling
				}
				i = j
				continue
			}
			if p.named == nil {
				p.named = map[string][]string{}
			}
			spellings, seen := p.named[name]
			if !seen {
				p.order = append(p.order, name)
			}
			if !slices.Contains(spellings, spelling) {
				p.named[name] = append(spellings, spelling)
			}
			i = j
		case sqlsession.IsIdentStart(c):
			j := i
			for j < n && sqlsession.IsIdentChar(query[j]) {
				j++
			}
			w := strings.ToUpper(query[i:j])
			if p.statements == 1 {
				if p.keyword == "" {
					p.keyword = w
				} else if p.second == "" {
					p.second = w
				}
			}
			body.word(w)
			i = j
		default:
			i++
		}
	}
	return p
}

// txnControl tells whether the statement controls a transaction, and
// whether that is allowed inside a Tx (savepoints are).
func (p *sqlParams) txnControl() (control, allowedInTx bool) {
	switch p.keyword {
	case "BEGIN", "START", "COMMIT", "END":
		return true, false
	case "ROLLBACK":
		return true, p.second == "TO"
	case "SAVEPOINT", "RELEASE":
		return true, true
	}
	return false, false
}

// writes tells whether the statement changes data or the schema, by its
// first keyword.
func (p *sqlParams) writes() bool {
	switch p.keyword {
	case "INSERT", "UPDATE", "DELETE", "REPLACE", "UPSERT", "MERGE":
		return true
	}
	return p.isDDL()
}

// isDDL tells whether the statement changes the schema.
func (p *sqlParams) isDDL() bool {
	switch p.keyword {
	case "CREATE", "DROP", "ALTER", "TRUNCATE":
		return true
	}
	return false
}
