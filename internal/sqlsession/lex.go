package sqlsession

// The lexing both SQL scanners share: the root package's scanSQL and
// SplitStatements, and NewFingerprint.

// SkipQuoted returns the index after the quoted run that starts at i with
// the quote character q (a doubled q inside it is an escaped one), and
// whether it closes; one that does not runs to the end of s.
func SkipQuoted(s string, i int, q byte) (end int, closed bool) {
	for i++; i < len(s); i++ {
		if s[i] == q {
			if i+1 < len(s) && s[i+1] == q {
				i++
				continue
			}
			return i + 1, true
		}
	}
	return len(s), false
}

// IsDigit reports whether c is an ASCII digit.
func IsDigit(c byte) bool { return c >= '0' && c <= '9' }

// IsIdentStart reports whether c may begin an unquoted name: a letter, _,
// or a byte of a multi-byte UTF-8 character.
func IsIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// IsIdentChar reports whether c may continue an unquoted name.
func IsIdentChar(c byte) bool { return IsIdentStart(c) || IsDigit(c) }
