package tnttest

import (
	"strings"
	"testing"

	"github.com/tntsql/tarantool/internal/faultproxy"
)

// Proxy starts a fault proxy in front of s (a TCP server), closed when
// the test ends; s.DSNVia(p.Addr(), ...) connects through it.
func Proxy(t testing.TB, s *Server) *faultproxy.Proxy {
	t.Helper()
	if s.opts.Unix {
		t.Fatal("tnttest.Proxy: the server listens on a Unix socket")
	}
	p, err := faultproxy.New(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// DSNVia is DSN with addr (a proxy's) in place of the server's address.
func (s *Server) DSNVia(addr, params string) string {
	return strings.Replace(s.DSN(params), "@"+s.Addr, "@"+addr, 1)
}
