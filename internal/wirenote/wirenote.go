// Package wirenote parses the byte notation of the protocol reference
// (docs/iproto.md), so tests can write packets as the reference prints them.
package wirenote

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Parse parses the byte notation of iproto.md: hex digits with spaces
// anywhere between bytes, and 'text' or "text" for literal ASCII, as in
// `81 30 dd 00000001 92 01 a3 'one'`. It panics on a malformed notation, so
// it can build package-level tables and fuzz seeds.
func Parse(s string) []byte {
	var out []byte
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				panic(fmt.Sprintf("wirenote %q: unterminated quote at %d", s, i))
			}
			out = append(out, s[i+1:i+1+j]...)
			i += j + 2
		default:
			j := i
			for j < len(s) && strings.IndexByte(" \t\n'\"", s[j]) < 0 {
				j++
			}
			b, err := hex.DecodeString(s[i:j])
			if err != nil {
				panic(fmt.Sprintf("wirenote %q: %v", s, err))
			}
			out = append(out, b...)
			i = j
		}
	}
	return out
}
