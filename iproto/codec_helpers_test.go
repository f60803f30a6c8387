package iproto_test

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// wire parses the byte notation of iproto.md: hex digits with spaces
// anywhere between bytes, and 'text' or "text" for literal ASCII, as in
// `81 30 dd 00000001 92 01 a3 'one'`. It panics on a malformed notation, so
// it can build package-level tables and fuzz seeds.
func wire(s string) []byte {
	var out []byte
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				panic(fmt.Sprintf("wire %q: unterminated quote at %d", s, i))
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
				panic(fmt.Sprintf("wire %q: %v", s, err))
			}
			out = append(out, b...)
			i = j
		}
	}
	return out
}

// mustNotPanic runs f and turns a panic into a test failure.
func mustNotPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", what, r)
		}
	}()
	f()
}

// hexOf formats b as space-separated hex, for failure messages.
func hexOf(b []byte) string {
	return fmt.Sprintf("% x", b)
}
