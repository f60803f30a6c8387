package tntmigrate

import "strings"

// leadingNoise returns the length of the white space and comments that
// begin stmt.
func leadingNoise(stmt string) int {
	i := 0
	for i < len(stmt) {
		switch {
		case strings.IndexByte(" \t\n\r\f\v", stmt[i]) >= 0:
			i++
		case strings.HasPrefix(stmt[i:], "--"):
			if end := strings.IndexByte(stmt[i:], '\n'); end >= 0 {
				i += end + 1
			} else {
				i = len(stmt)
			}
		case strings.HasPrefix(stmt[i:], "/*"):
			if end := strings.Index(stmt[i+2:], "*/"); end >= 0 {
				i += end + 4
			} else {
				i = len(stmt)
			}
		default:
			return i
		}
	}
	return i
}
