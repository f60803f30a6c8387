package sqlsession

import (
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/tntsql/tarantool/iproto"
)

// A statement cache prepares texts the user never asked to prepare, so
// the server's 32-bit ids (prepared_ids.go) must not let another text's
// statement run in place of one: a collision with a text another process
// prepared, of the same shape, is invisible in the reply. So the caches
// prepare a fingerprinted text instead of the user's: every placeholder
// is renamed to a named parameter that carries a 64-bit digest of the
// user's text (? becomes :__<digest>_<n>, :name becomes :name__<digest>).
// PREPARE's reply names each parameter of the statement it returns
// (BIND_METADATA), so the statement is the text's only when every name
// carries the digest, in order: another text's statement, whoever
// prepared it, fails that check, and the text then runs unprepared.
// Binding is unchanged: the server binds by position whatever a
// parameter's name, and the renaming keeps every parameter's position.
//
// A text without parameters has nothing to carry the digest, and one
// with a placeholder this does not rename ($N, ?N) would bind
// differently renamed: neither is fingerprinted, and the caches run them
// as text.

// Fingerprint is a text renamed for a statement cache.
type Fingerprint struct {
	// Text is what is prepared: the user's text with its placeholders
	// renamed.
	Text string
	// Params are the parameters' names in Text, in the order the server
	// binds them: what PREPARE's reply names them when the statement is
	// Text's.
	Params []string
	// Spellings are the same parameters as the user's text writes them:
	// "?" for each positional one, the prefixed name (":id", "@id") for a
	// named one, once, at its first use.
	Spellings []string
}

// NewFingerprint renames text's placeholders. It reports false for a text
// that cannot be fingerprinted: one without parameters, or with a $
// placeholder or a numbered ?N, or whose quotes or comments do not close.
func NewFingerprint(text string) (Fingerprint, bool) {
	h := fnv.New64a()
	h.Write([]byte(text))
	digest := strconv.FormatUint(h.Sum64(), 16)
	digest = strings.Repeat("0", 16-len(digest)) + digest

	var f Fingerprint
	var b strings.Builder
	b.Grow(len(text) + 24)
	seen := map[string]bool{}
	last := 0 // text[last:i] is not copied yet
	n := len(text)
	for i := 0; i < n; {
		c := text[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			j, closed := SkipQuoted(text, i, c)
			if !closed {
				return Fingerprint{}, false
			}
			i = j
		case c == '-' && i+1 < n && text[i+1] == '-':
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				i = n
			} else {
				i += j
			}
		case c == '/' && i+1 < n && text[i+1] == '*':
			j := strings.Index(text[i+2:], "*/")
			if j < 0 {
				return Fingerprint{}, false
			}
			i += j + 4
		case c == '$':
			return Fingerprint{}, false
		case c == '?':
			if i+1 < n && IsDigit(text[i+1]) {
				return Fingerprint{}, false
			}
			name := ":__" + digest + "_" + strconv.Itoa(len(f.Params)+1)
			f.Params = append(f.Params, name)
			f.Spellings = append(f.Spellings, "?")
			b.WriteString(text[last:i])
			b.WriteString(name)
			i++
			last = i
			if i < n && (IsIdentChar(text[i]) || text[i] == '$') {
				b.WriteByte(' ') // keep ? apart from a word after it
			}
		case (c == ':' || c == '@') && i+1 < n && IsIdentStart(text[i+1]):
			j := i + 1
			for j < n && IsIdentChar(text[j]) {
				j++
			}
			spelling := text[i:j]
			name := spelling + "__" + digest
			if !seen[spelling] {
				seen[spelling] = true
				f.Params = append(f.Params, name)
				f.Spellings = append(f.Spellings, spelling)
			}
			b.WriteString(text[last:i])
			b.WriteString(name)
			i, last = j, j
		case IsIdentStart(c) || IsDigit(c):
			for i < n && IsIdentChar(text[i]) {
				i++
			}
		default:
			i++
		}
	}
	if len(f.Params) == 0 {
		return Fingerprint{}, false
	}
	b.WriteString(text[last:])
	f.Text = b.String()
	return f, true
}

// Matches reports whether params, the parameters PREPARE's reply names
// (BIND_METADATA), in bind order, are f's: the server's statement is
// f.Text's.
func (f *Fingerprint) Matches(params []iproto.ColumnInfo) bool {
	if len(params) != len(f.Params) {
		return false
	}
	for i, param := range params {
		if param.Name != f.Params[i] {
			return false
		}
	}
	return true
}
