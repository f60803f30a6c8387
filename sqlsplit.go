package tarantool

import "strings"

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
	var words []string // the statement's first words, upper-cased, up to a few
	depth := 0         // BEGIN ... END nesting inside a CREATE TRIGGER
	tokens := false    // a token (not a comment) seen in the statement
	flush := func(end int) {
		// TrimSpace also takes Unicode spaces (U+00A0) the lexer counts
		// as tokens: a part of nothing else is dropped too.
		if part := strings.TrimSpace(script[start:end]); tokens && part != "" {
			out = append(out, part)
		}
		start, tokens, words, depth = end+1, false, words[:0], 0
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
			if depth == 0 {
				flush(i)
			}
			i++
		case c == '\'' || c == '"' || c == '`':
			tokens = true
			i = skipQuoted(script, i, c)
		case isIdentStart(c):
			tokens = true
			j := i
			for j < n && isIdentChar(script[j]) {
				j++
			}
			w := strings.ToUpper(script[i:j])
			if len(words) < 4 {
				words = append(words, w)
			}
			if isTrigger(words) {
				switch w {
				case "BEGIN":
					depth++
				case "END":
					depth = max(depth-1, 0)
				}
			}
			i = j
		default:
			tokens = true
			i++
		}
	}
	flush(n)
	return out
}

// isTrigger reports whether a statement's first words begin CREATE
// TRIGGER (CREATE TRIGGER IF NOT EXISTS included).
func isTrigger(words []string) bool {
	return len(words) >= 2 && words[0] == "CREATE" && words[1] == "TRIGGER"
}
