package iproto

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
)

// GreetingSize is the length of the greeting a Tarantool server sends first.
const GreetingSize = 128

// ErrNotIproto is matched by the error ParseGreeting returns for a peer that
// is not a Tarantool binary (IPROTO) port: an admin console, another
// service, or garbage.
var ErrNotIproto = errors.New("tarantool: peer is not a Tarantool binary protocol port")

// Version is a Tarantool version as major<<16 | minor<<8 | patch, ordered as
// the server orders its own (version_id).
type Version uint32

// MakeVersion builds a Version.
func MakeVersion(major, minor, patch uint8) Version {
	return Version(uint32(major)<<16 | uint32(minor)<<8 | uint32(patch))
}

// Major returns the major version number.
func (v Version) Major() int { return int(v >> 16 & 0xff) }

// Minor returns the minor version number.
func (v Version) Minor() int { return int(v >> 8 & 0xff) }

// Patch returns the patch number.
func (v Version) Patch() int { return int(v & 0xff) }

func (v Version) String() string {
	return fmt.Sprintf("%d.%d.%d", v.Major(), v.Minor(), v.Patch())
}

// Greeting is what the server says on connect.
type Greeting struct {
	Version      Version // server version
	InstanceUUID string  // the instance's UUID, as text
	Salt         []byte  // 32 random bytes for authentication, new for every connection
}

// ParseGreeting parses the 128-byte greeting.
func ParseGreeting(b []byte) (Greeting, error) {
	var g Greeting
	if len(b) != GreetingSize {
		return g, fmt.Errorf("%w: greeting is %d bytes, want %d", ErrNotIproto, len(b), GreetingSize)
	}
	line1, line2 := b[:64], b[64:]
	if !bytes.HasPrefix(line1, []byte("Tarantool ")) || line1[63] != '\n' || line2[63] != '\n' {
		return g, fmt.Errorf("%w: greeting does not start with \"Tarantool \" or lines are not 64 bytes", ErrNotIproto)
	}
	words := bytes.Fields(line1)
	if len(words) < 3 {
		return g, fmt.Errorf("%w: greeting line %q has too few words", ErrNotIproto, bytes.TrimSpace(line1))
	}
	if string(words[2]) != "(Binary)" {
		return g, fmt.Errorf("%w: server announces %s, not (Binary); is this the admin console?", ErrNotIproto, printable(words[2]))
	}
	v, err := parseVersion(words[1])
	if err != nil {
		return g, fmt.Errorf("%w: %v", ErrNotIproto, err)
	}
	g.Version = v
	if len(words) > 3 {
		g.InstanceUUID = string(words[3])
	}
	salt := bytes.TrimSpace(line2)
	g.Salt = make([]byte, base64.StdEncoding.DecodedLen(len(salt)))
	n, err := base64.StdEncoding.Decode(g.Salt, salt)
	if err != nil {
		return g, fmt.Errorf("%w: greeting salt is not base64: %v", ErrNotIproto, err)
	}
	g.Salt = g.Salt[:n]
	if n < scrambleSize {
		return g, fmt.Errorf("%w: greeting salt has %d bytes, want at least %d", ErrNotIproto, n, scrambleSize)
	}
	return g, nil
}

// parseVersion parses "X.Y.Z" with an optional "-suffix".
func parseVersion(s []byte) (Version, error) {
	if i := bytes.IndexByte(s, '-'); i >= 0 {
		s = s[:i]
	}
	var parts [3]uint64
	p := 0
	seen := false
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			parts[p] = parts[p]*10 + uint64(c-'0')
			if parts[p] > 255 {
				return 0, fmt.Errorf("version %s has a part above 255", printable(s))
			}
			seen = true
		case c == '.' && seen && p < 2:
			p++
			seen = false
		default:
			return 0, fmt.Errorf("version %s is not X.Y.Z", printable(s))
		}
	}
	if p != 2 || !seen {
		return 0, fmt.Errorf("version %s is not X.Y.Z", printable(s))
	}
	return MakeVersion(uint8(parts[0]), uint8(parts[1]), uint8(parts[2])), nil
}

// printable quotes at most 64 bytes of b for an error message.
func printable(b []byte) string {
	if len(b) > 64 {
		b = b[:64]
	}
	return fmt.Sprintf("%q", b)
}
