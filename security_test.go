package tarantool_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// countingConnector counts the connections database/sql asks for.
type countingConnector struct {
	driver.Connector
	n atomic.Int32
}

func (c *countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	c.n.Add(1)
	return c.Connector.Connect(ctx)
}

// shows reports whether any printed form of v contains secret.
func shows(v any, secret string) string {
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%e", "%g", "%t", "%o", "%U", "%c"} {
		if s := fmt.Sprintf(verb, v); strings.Contains(s, secret) {
			return fmt.Sprintf("%s gives %q", verb, s)
		}
	}
	return ""
}

// TestAuthFailure: a wrong password or an unknown user is one attempt per
// call with a clear authentication error, never a retry loop, and the
// password shows nowhere.
func TestAuthFailure(t *testing.T) {
	s := tnttest.Require(t)
	for _, tc := range []struct {
		name, user, password string
		codes                []iproto.ErrorCode
	}{
		{"wrong password", tnttest.User, "pw-wrong-4711", []iproto.ErrorCode{iproto.ErCredsMismatch}},
		// Servers answer ER_NO_SUCH_USER or, to hide which users exist,
		// ER_CREDS_MISMATCH.
		{"unknown user", "nobody", "pw-nobody-4711", []iproto.ErrorCode{iproto.ErNoSuchUser, iproto.ErCredsMismatch}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := s.Config()
			cfg.User, cfg.Password = tc.user, tc.password
			inner, err := tarantool.NewConnector(cfg)
			if err != nil {
				t.Fatal(err)
			}
			cc := &countingConnector{Connector: inner}
			db := sql.OpenDB(cc)
			defer db.Close()
			for i, call := range []func() error{
				db.Ping,
				func() error { _, err := db.Exec(`SELECT 1`); return err },
			} {
				err := call()
				var de *engine.DialError
				if !errors.As(err, &de) || de.Step != "authentication" {
					t.Fatalf("call %d: got %v, want a DialError at the authentication step", i+1, err)
				}
				if !strings.Contains(err.Error(), fmt.Sprintf("%q", tc.user)) {
					t.Errorf("call %d: %q does not name the user", i+1, err)
				}
				matched := false
				for _, code := range tc.codes {
					matched = matched || errors.Is(err, code)
				}
				if !matched {
					t.Errorf("call %d: got %v, want one of %v", i+1, err, tc.codes)
				}
				if where := shows(err, tc.password); where != "" {
					t.Errorf("call %d: the error shows the password: %s", i+1, where)
				}
				if n := cc.n.Load(); n != int32(i+1) {
					t.Errorf("after call %d: %d connection attempts, want %d (one per call, no retry)", i+1, n, i+1)
				}
			}
			if n := db.Stats().OpenConnections; n != 0 {
				t.Errorf("%d connections open after failed authentication", n)
			}
		})
	}
}

// TestPasswordNeverShown prints the configuration and the errors a user
// may log, in every fmt form, and looks for the password.
func TestPasswordNeverShown(t *testing.T) {
	const pw = "pw-secret-90210"
	cfg, err := tarantool.ParseDSN("tarantool://app:" + pw + "@127.0.0.1:1?connect_timeout=1s")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Password != pw {
		t.Fatalf("parsed password %q, want %q", cfg.Password, pw)
	}
	connector, err := tarantool.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for what, v := range map[string]any{
		"*Config": cfg, "Config": *cfg, "String()": cfg.String(), "*Connector": connector,
	} {
		if where := shows(v, pw); where != "" {
			t.Errorf("%s shows the password: %s", what, where)
		}
	}
	// An open connection, database/sql's and the protocol's.
	s := tnttest.Require(t)
	live := s.Config()
	live.Password = tnttest.Password
	conn, err := tarantool.NewConnector(live)
	if err != nil {
		t.Fatal(err)
	}
	dc, err := conn.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer dc.Close()
	for what, v := range map[string]any{"*tarantool.Conn": dc, "*engine.Conn": dc.(*tarantool.Conn).EngineConn()} {
		if where := shows(v, tnttest.Password); where != "" {
			t.Errorf("%s shows the password: %s", what, where)
		}
	}
	if !strings.Contains(cfg.FormatDSN(), pw) {
		t.Errorf("FormatDSN() = %q: it must keep the password to round-trip", cfg.FormatDSN())
	}

	// Errors of DSNs that are wrong elsewhere, and of a refused connection.
	for _, dsn := range []string{
		"tarantool://app:" + pw + "@127.0.0.1:1?bogus=1",
		"tarantool://app:" + pw + "@127.0.0.1:notaport",
		"tarantool://app:" + pw + "@[::1",
		"tarantool://app:" + pw + "@127.0.0.1:1?connect_timeout=soon",
		"tarantool://app:" + pw + "@127.0.0.1:1", // nothing listens on port 1
	} {
		db, err := sql.Open("tarantool", dsn)
		if err == nil {
			err = db.Ping()
			db.Close()
		}
		if err == nil {
			t.Errorf("%s: want an error", strings.ReplaceAll(dsn, pw, "<pw>"))
		} else if where := shows(err, pw); where != "" {
			t.Errorf("the error shows the password: %s", where)
		}
	}
}

// TestGuest: without a user the connection is the guest session, which
// may run SQL that touches no space and is refused the others.
func TestGuest(t *testing.T) {
	s := tnttest.Require(t)
	cfg := s.Config()
	cfg.User, cfg.Password = "", ""
	connector, err := tarantool.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	db.SetMaxOpenConns(1)
	var n int
	if tnttest.SQLNeedsGrant(s.Version) {
		// 3.x: SQL is a privilege guest lacks. Connecting runs no SQL, so
		// guest connects and gets the server's refusal at its first query.
		if err := db.Ping(); err != nil {
			t.Fatalf("guest connecting on %v: %v", s.Version, err)
		}
		err := db.QueryRow(`SELECT 1 + 1`).Scan(&n)
		if !errors.Is(err, iproto.ErAccessDenied) || !strings.Contains(err.Error(), "sql") {
			t.Errorf("guest SELECT on %v: got %v, want ER_ACCESS_DENIED naming sql", s.Version, err)
		}
		if err := db.Ping(); err != nil {
			t.Errorf("after the refusal: %v", err)
		}
		return
	}
	if err := db.QueryRow(`SELECT 1 + 1`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("guest SELECT 1 + 1: got %d, %v", n, err)
	}
	_, err = db.Exec(`SELECT * FROM "kv"`)
	if !errors.Is(err, iproto.ErAccessDenied) || !strings.Contains(err.Error(), "guest") {
		t.Errorf("guest reading kv: got %v, want ER_ACCESS_DENIED naming guest", err)
	}
	if err := db.QueryRow(`SELECT 3`).Scan(&n); err != nil || n != 3 {
		t.Errorf("after the refusal: got %d, %v", n, err)
	}
}

// TestGrants: user reader may read space kv and nothing more; a write gets
// the server's ER_ACCESS_DENIED and the connection stays usable.
func TestGrants(t *testing.T) {
	s := tnttest.Require(t)
	owner := openDB(t, "")
	const key = 912345
	if _, err := owner.Exec(`REPLACE INTO "kv" VALUES (?, 'granted')`, key); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Exec(`DELETE FROM "kv" WHERE "k" = ?`, key) })

	cfg := s.Config()
	cfg.User, cfg.Password = tnttest.ReaderUser, tnttest.ReaderPassword
	connector, err := tarantool.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	db.SetMaxOpenConns(1)
	var v string
	if err := db.QueryRow(`SELECT "v" FROM "kv" WHERE "k" = ?`, key).Scan(&v); err != nil || v != "granted" {
		t.Fatalf("reader reading kv: got %q, %v", v, err)
	}
	for _, q := range []string{
		`INSERT INTO "kv" VALUES (912346, 'x')`,
		`UPDATE "kv" SET "v" = 'y' WHERE "k" = 912345`,
		`DELETE FROM "kv" WHERE "k" = 912345`,
	} {
		_, err := db.Exec(q)
		var e *iproto.Error
		if !errors.Is(err, iproto.ErAccessDenied) || !errors.As(err, &e) || !strings.Contains(e.Message, "reader") {
			t.Errorf("%s as reader: got %v, want ER_ACCESS_DENIED naming the user", q, err)
		}
	}
	if err := db.QueryRow(`SELECT "v" FROM "kv" WHERE "k" = ?`, key).Scan(&v); err != nil || v != "granted" {
		t.Errorf("after the refusals: got %q, %v, want the row unchanged", v, err)
	}
	if n := db.Stats().OpenConnections; n != 1 {
		t.Errorf("%d connections open, want the same one", n)
	}
}
