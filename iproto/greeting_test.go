package iproto_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// greetingLines pads two lines to 63 bytes and ends each with '\n', as the
// server does.
func greetingLines(line1, line2 string) []byte {
	return []byte(fmt.Sprintf("%-63s\n%-63s\n", line1, line2))
}

// realGreeting is the capture from Tarantool 2.6.0 in iproto.md section 2.
var realGreeting = []byte("Tarantool 2.6.0 (Binary) ed6e086e-74ca-4e63-851b-ef5b21140988  \n" +
	"mFlSsJUkcH3/ulsWP+NQ2H7XT+7DUuQ6O/Yk3IQCGuU=                   \n")

const saltB64 = "mFlSsJUkcH3/ulsWP+NQ2H7XT+7DUuQ6O/Yk3IQCGuU="

func TestParseGreetingReal(t *testing.T) {
	if len(realGreeting) != iproto.GreetingSize {
		t.Fatalf("capture is %d bytes, want %d", len(realGreeting), iproto.GreetingSize)
	}
	g, err := iproto.ParseGreeting(realGreeting)
	if err != nil {
		t.Fatal(err)
	}
	if g.Version != iproto.MakeVersion(2, 6, 0) || g.Version.String() != "2.6.0" {
		t.Errorf("version: got %v (%#x), want 2.6.0", g.Version, uint32(g.Version))
	}
	if g.Version.Major() != 2 || g.Version.Minor() != 6 || g.Version.Patch() != 0 {
		t.Errorf("version parts: got %d.%d.%d, want 2.6.0", g.Version.Major(), g.Version.Minor(), g.Version.Patch())
	}
	if g.InstanceUUID != "ed6e086e-74ca-4e63-851b-ef5b21140988" {
		t.Errorf("uuid: got %q, want ed6e086e-74ca-4e63-851b-ef5b21140988", g.InstanceUUID)
	}
	if len(g.Salt) != 32 || !bytes.Equal(g.Salt, greetingSalt) {
		t.Errorf("salt: got %x (%d bytes), want %x (32 bytes)", g.Salt, len(g.Salt), greetingSalt)
	}
}

func TestParseGreetingVersions(t *testing.T) {
	cases := []struct {
		version string
		want    iproto.Version
	}{
		{"1.10.15", iproto.MakeVersion(1, 10, 15)},
		{"2.10.0", iproto.MakeVersion(2, 10, 0)},
		{"2.11.4", iproto.MakeVersion(2, 11, 4)},
		{"3.2.1-entrypoint", iproto.MakeVersion(3, 2, 1)},
		{"255.255.255", iproto.MakeVersion(255, 255, 255)},
	}
	for _, tc := range cases {
		t.Run(tc.version, func(t *testing.T) {
			g, err := iproto.ParseGreeting(greetingLines("Tarantool "+tc.version+" (Binary) 3c5f1c72-0000-4000-8000", saltB64))
			if err != nil {
				t.Fatal(err)
			}
			if g.Version != tc.want {
				t.Errorf("got %v, want %v", g.Version, tc.want)
			}
		})
	}
	// Versions compare as the server's version_id does.
	if !(iproto.MakeVersion(2, 10, 0) > iproto.MakeVersion(2, 6, 9) && iproto.MakeVersion(3, 0, 0) > iproto.MakeVersion(2, 11, 255)) {
		t.Errorf("Version order is not major, minor, patch")
	}
	// The UUID is optional.
	g, err := iproto.ParseGreeting(greetingLines("Tarantool 2.6.0 (Binary)", saltB64))
	if err != nil || g.InstanceUUID != "" {
		t.Errorf("greeting without uuid: got %q, %v, want no uuid and no error", g.InstanceUUID, err)
	}
}

// badGreetings are 128-byte (or not) inputs that are not an IPROTO greeting.
var badGreetings = []struct {
	name string
	in   []byte
}{
	{"console", greetingLines("Tarantool 2.6.0 (Lua console)", "type 'help' for interactive help")},
	{"console 1.10", greetingLines("Tarantool 1.10.15 (Lua console)", "type 'help' for interactive help")},
	{"empty", nil},
	{"short", realGreeting[:127]},
	{"long", append(append([]byte{}, realGreeting...), '\n')},
	{"zeros", make([]byte, 128)},
	{"spaces", bytes.Repeat([]byte{' '}, 128)},
	{"http", greetingLines("HTTP/1.1 400 Bad Request", "Content-Length: 0")},
	{"ssh", greetingLines("SSH-2.0-OpenSSH_9.6", "")},
	{"lowercase", greetingLines("tarantool 2.6.0 (Binary) ed6e086e-74ca-4e63-851b-ef5b21140988", saltB64)},
	{"no newline at 63", append(append([]byte{}, realGreeting[:63]...), append([]byte{' '}, realGreeting[64:]...)...)},
	{"no newline at 127", append(append([]byte{}, realGreeting[:127]...), ' ')},
	{"too few words", greetingLines("Tarantool 2.6.0", saltB64)},
	{"version not X.Y.Z", greetingLines("Tarantool 2.6 (Binary) x", saltB64)},
	{"version with letters", greetingLines("Tarantool v2.6.0 (Binary) x", saltB64)},
	{"version four parts", greetingLines("Tarantool 2.6.0.1 (Binary) x", saltB64)},
	{"version part above 255", greetingLines("Tarantool 2.256.0 (Binary) x", saltB64)},
	{"version empty part", greetingLines("Tarantool 2..0 (Binary) x", saltB64)},
	{"salt not base64", greetingLines("Tarantool 2.6.0 (Binary) x", "!!!!not base64!!!!")},
	{"salt too short", greetingLines("Tarantool 2.6.0 (Binary) x", "c2hvcnQ=")},
	{"salt empty", greetingLines("Tarantool 2.6.0 (Binary) x", "")},
	{"garbage", bytes.Repeat([]byte{0xff, 0x00, 0x0a}, 43)[:128]},
}

func TestParseGreetingRejects(t *testing.T) {
	for _, tc := range badGreetings {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			mustNotPanic(t, "ParseGreeting", func() { _, err = iproto.ParseGreeting(tc.in) })
			if !errors.Is(err, iproto.ErrNotIproto) {
				t.Errorf("got error %v, want ErrNotIproto", err)
			}
		})
	}
}

func TestParseGreetingConsoleMessage(t *testing.T) {
	_, err := iproto.ParseGreeting(badGreetings[0].in)
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("console")) {
		t.Errorf("got error %v, want one that suggests the admin console", err)
	}
}
