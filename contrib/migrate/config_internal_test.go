package tntmigrate

import (
	"testing"
	"time"
)

func TestParseURL(t *testing.T) {
	dsn, cfg, err := parseURL("tarantool://u:p@h1:3301,h2:3302?request_timeout=5s&x-migrations-table=v&x-lock-timeout=3s&x-statement-timeout=1m&x-lock-table=l")
	if err != nil {
		t.Fatal(err)
	}
	if want := "tarantool://u:p@h1:3301,h2:3302?request_timeout=5s"; dsn != want {
		t.Errorf("dsn %q, want %q", dsn, want)
	}
	if cfg != (Config{MigrationsTable: "v", LockTable: "l", LockTimeout: 3 * time.Second, StatementTimeout: time.Minute}) {
		t.Errorf("config %+v", cfg)
	}
	if dsn, _, _ := parseURL("tarantool://h?x-migrations-table=v"); dsn != "tarantool://h" {
		t.Errorf("dsn %q, want no query", dsn)
	}
	for _, bad := range []string{"tarantool://h?x-unknown=1", "tarantool://h?x-lock-timeout=soon", "tarantool://h?%zz"} {
		if _, _, err := parseURL(bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestConfigNames(t *testing.T) {
	for _, bad := range []Config{{MigrationsTable: "a b"}, {MigrationsTable: "_x"}, {MigrationsTable: `x"`}, {MigrationsTable: "v", LockTable: "V"}} {
		if _, err := bad.withDefaults(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	c, err := Config{}.withDefaults()
	if err != nil || c.MigrationsTable != DefaultMigrationsTable || c.LockTable != DefaultMigrationsTable+"_lock" || c.LockTimeout != DefaultLockTimeout {
		t.Errorf("defaults %+v, %v", c, err)
	}
}
