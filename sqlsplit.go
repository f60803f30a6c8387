package tarantool

import (
	"strings"

	"github.com/tntsql/tarantool/internal/sqlsession"
)

// SplitStatements splits an SQL script (a migration file, say) into its
// statements, for running them one at a time: Tarantool runs one
// statement per request, and the driver refuses a text with several. It
// cuts at each ';' that is outside string literals ('...'), quoted
// identifiers ("..." and `...`), -- and /* */ comments, and the BEGIN ...
// END body of a CREATE TRIGGER. Each statement is returned without its
// ';' and trimmed of white space; comments stay in the statement they are
// in, and a part holding nothing but comments and white space is dropped.
func SplitStatements(script string) []string {
	var out []string
	start, i, n := 0, 0, len(script)
	var body triggerBody // whether a ';' is inside a CREATE TRIGGER's BEGIN ... END
	tokens := false      // a token (not a comment) seen in the statement
	flush := func(end int) {
		// TrimSpace also takes Unicode spaces (U+00A0) the lexer counts
		// as tokens: a part of nothing else is dropped too.
		if part := strings.TrimSpace(script[start:end]); tokens && part != "" {
			out = append(out, part)
		}
		start, tokens = end+1, false
		body.reset()
	}
	for i < n {
		c := script[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && i+1 < n && script[i+1] == '-':
			for i < n && script[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < n && script[i+1] == '*':
			if end := strings.Index(script[i+2:], "*/"); end < 0 {
				i = n
			} else {
				i += end + 4
			}
		case c == ';':
			if !body.inside() {
				flush(i)
			}
			i++
		case c == '\'' || c == '"' || c == '`':
			tokens = true
			i, _ = sqlsession.SkipQuoted(script, i, c)
		case sqlsession.IsIdentStart(c):
			tokens = true
			j := i
			for j < n && sqlsession.IsIdentChar(script[j]) {
				j++
			}
			body.word(strings.ToUpper(script[i:j]))
			i = j
		default:
			tokens = true
			i++
		}
	}
	flush(n)
	return out
}

// triggerBody follows a statement's words, upper-cased, to tell whether
// the lexer is inside the BEGIN ... END body of a CREATE TRIGGER, where a
// ';' ends no statement. Both SplitStatements and scanSQL use it, so that
// the driver counts statements as SplitStatements cuts them.
type triggerBody struct {
	first [2]string // the statement's first two words
	n     int       // words seen, up to 2
	depth int       // BEGIN ... END nesting
}

// word records the statement's next word.
func (t *triggerBody) word(w string) {
	if t.n < len(t.first) {
		t.first[t.n] = w
		t.n++
		return
	}
	if t.first[0] != "CREATE" || t.first[1] != "TRIGGER" {
		return
	}
	switch w {
	case "BEGIN":
		t.depth++
	case "END":
		t.depth = max(t.depth-1, 0)
	}
}

// inside reports whether the lexer is inside a trigger's body.
func (t *triggerBody) inside() bool { return t.depth > 0 }

// reset starts a new statement.
func (t *triggerBody) reset() { *t = triggerBody{} }
