package tarantool

import (
	"strings"
)

// sqlParams is what the driver learns from an SQL text before sending it:
// its placeholders and its leading keyword.
type sqlParams struct {
	positional int               // number of '?' placeholders
	named      map[string]string // name without prefix -> name with prefix (":id")
	order      []string          // named parameters in order of first use, without prefix
	keyword    string            // first keyword, upper-cased ("SELECT", "BEGIN" ...)
	second     string            // second keyword, upper-cased
}

// scanSQL lexes query past string literals ('...'), quoted identifiers
// ("..." and `...`), -- line comments and /* block */ comments, collecting
// placeholders: ? and :name, @name, $name.
func scanSQL(query string) sqlParams {
	var p sqlParams
	i, n := 0, len(query)
	for i < n {
		c := query[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(query, i, c)
		case c == '-' && i+1 < n && query[i+1] == '-':
			for i < n && query[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && query[i+1] == '*':
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				i = n
			} else {
				i += end + 4
			}
		case c == '?':
			p.positional++
			i++
			for i < n && isDigit(query[i]) { // ?NNN: counted as one placeholder
				i++
			}
		case (c == ':' || c == '@' || c == '$') && i+1 < n && isIdentStart(query[i+1]):
			j := i + 1
			for j < n && isIdentChar(query[j]) {
				j++
			}
			name := query[i+1 : j]
			if p.named == nil {
				p.named = map[string]string{}
			}
			if _, seen := p.named[name]; !seen {
				p.named[name] = query[i:j]
				p.order = append(p.order, name)
			}
			i = j
		case isIdentStart(c):
			j := i
			for j < n && isIdentChar(query[j]) {
				j++
			}
			if p.keyword == "" {
				p.keyword = strings.ToUpper(query[i:j])
			} else if p.second == "" {
				p.second = strings.ToUpper(query[i:j])
			}
			i = j
		default:
			i++
		}
	}
	return p
}

// skipQuoted returns the index after the quoted run starting at i; a
// doubled quote character inside it is an escaped quote.
func skipQuoted(s string, i int, q byte) int {
	for i++; i < len(s); i++ {
		if s[i] == q {
			if i+1 < len(s) && s[i+1] == q {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
func isIdentChar(c byte) bool { return isIdentStart(c) || isDigit(c) }

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
