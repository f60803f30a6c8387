package engine_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/iproto/engine"
)

// dsnPassword splits dsn as ParseDSN documents it: the user info ends at
// the last '@' and the password follows the first ':' in it. It returns the
// DSN with the password replaced by "x", and the raw password.
func dsnPassword(dsn string) (other, pw string, ok bool) {
	scheme := ""
	for _, s := range []string{"tarantool://", "tarantool+unix://"} {
		if strings.HasPrefix(dsn, s) {
			scheme = s
		}
	}
	rest := strings.TrimPrefix(dsn, scheme)
	at := strings.LastIndexByte(rest, '@')
	if scheme == "" || at < 0 {
		return "", "", false
	}
	user, pw, ok := strings.Cut(rest[:at], ":")
	if !ok || pw == "" {
		return "", "", false
	}
	return scheme + user + ":x" + rest[at:], pw, true
}

// leaks reports whether err shows pw (raw or percent-decoded) where the
// error of the same DSN with another password does not.
func leaks(err, otherErr error, pw string) bool {
	if err == nil {
		return false
	}
	forms := []string{pw}
	if dec, e := url.PathUnescape(pw); e == nil && dec != pw {
		forms = append(forms, dec)
	}
	for _, p := range forms {
		if len(p) < 3 || !strings.Contains(err.Error(), p) {
			continue
		}
		if otherErr == nil || !strings.Contains(otherErr.Error(), p) {
			return true
		}
	}
	return false
}

func FuzzDSN(f *testing.F) {
	for _, tc := range dsnCases {
		f.Add(tc.dsn)
	}
	for _, tc := range dsnErrors {
		f.Add(tc.dsn)
	}
	for _, s := range []string{"tarantool://u:s3cr3tpw@host:notaport", "tarantool://u:s3cr3tpw?x@host",
		"tarantool://u:s3cr3tpw@host?bogus=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		c, err := engine.ParseDSN(dsn)

		if other, pw, ok := dsnPassword(dsn); ok {
			_, otherErr := engine.ParseDSN(other)
			if leaks(err, otherErr, pw) {
				t.Fatalf("ParseDSN(%q): error %q shows the password %q", dsn, err, pw)
			}
		}
		if err != nil {
			return
		}

		formatted := c.FormatDSN()
		c2, err := engine.ParseDSN(formatted)
		if err != nil {
			t.Fatalf("ParseDSN(%q) = %+v; ParseDSN(FormatDSN() = %q): %v", dsn, c, formatted, err)
		}
		if !reflect.DeepEqual(c, c2) {
			t.Fatalf("ParseDSN(%q) = %+v; after FormatDSN %q: %+v", dsn, c, formatted, c2)
		}
		if c.Password != "" {
			masked := c.Clone()
			masked.Password = "another password"
			if s := c.String(); s != masked.String() {
				t.Fatalf("String() depends on the password: %q vs %q", s, masked.String())
			}
		}
	})
}
