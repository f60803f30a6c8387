package tntmigrate

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// DefaultMigrationsTable is the version table's name when Config leaves
// it empty.
const DefaultMigrationsTable = "schema_migrations"

// DefaultLockTimeout is how long Lock waits for another migrator when
// Config leaves LockTimeout zero. It is below golang-migrate's own
// DefaultLockTimeout (15s), so that the driver gives up, and never takes
// the lock after migrate has stopped waiting for it.
const DefaultLockTimeout = 10 * time.Second

// Config configures the driver for WithInstance.
type Config struct {
	// MigrationsTable is the version table; DefaultMigrationsTable if
	// empty. It is written unquoted: letters, digits and '_'.
	MigrationsTable string
	// LockTable is the lock table; MigrationsTable + "_lock" if empty.
	LockTable string
	// LockTimeout bounds how long Lock waits while another migrator holds
	// the lock; DefaultLockTimeout if zero.
	LockTimeout time.Duration
	// StatementTimeout bounds each statement the driver runs; none if zero.
	StatementTimeout time.Duration
}

// withDefaults returns a copy of c with the defaults filled in, or an
// error for a name that cannot be written unquoted.
func (c Config) withDefaults() (Config, error) {
	if c.MigrationsTable == "" {
		c.MigrationsTable = DefaultMigrationsTable
	}
	if c.LockTable == "" {
		c.LockTable = c.MigrationsTable + "_lock"
	}
	if c.LockTimeout <= 0 {
		c.LockTimeout = DefaultLockTimeout
	}
	for _, name := range []string{c.MigrationsTable, c.LockTable} {
		if !isPlainName(name) {
			return c, fmt.Errorf("tntmigrate: table name %q: use letters, digits and '_', not beginning with a digit or '_'", name)
		}
	}
	if strings.EqualFold(c.MigrationsTable, c.LockTable) {
		return c, fmt.Errorf("tntmigrate: the lock table and the migrations table are both %q", c.MigrationsTable)
	}
	return c, nil
}

// isPlainName reports whether name is an identifier that needs no quotes.
func isPlainName(name string) bool {
	if name == "" || name[0] == '_' || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for _, c := range []byte(name) {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// parseURL splits a golang-migrate database URL into the driver's DSN
// (the x- parameters removed) and the Config those parameters give. The
// query is cut by hand, not with url.Parse, which refuses the DSN's
// several-hosts form (host1:3301,host2:3301).
func parseURL(rawURL string) (dsn string, cfg Config, err error) {
	base, rawQuery, hasQuery := strings.Cut(rawURL, "?")
	if !hasQuery {
		return rawURL, cfg, nil
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", cfg, fmt.Errorf("tntmigrate: the URL's query: %w", err)
	}
	durations := map[string]*time.Duration{
		"x-lock-timeout":      &cfg.LockTimeout,
		"x-statement-timeout": &cfg.StatementTimeout,
	}
	for k := range q {
		if !strings.HasPrefix(k, "x-") {
			continue
		}
		v := q.Get(k)
		switch k {
		case "x-migrations-table":
			cfg.MigrationsTable = v
		case "x-lock-table":
			cfg.LockTable = v
		case "x-lock-timeout", "x-statement-timeout":
			d, err := time.ParseDuration(v)
			if err != nil {
				return "", cfg, fmt.Errorf("tntmigrate: %s: %w", k, err)
			}
			*durations[k] = d
		default:
			return "", cfg, fmt.Errorf("tntmigrate: unknown URL parameter %s", k)
		}
		q.Del(k)
	}
	if len(q) == 0 {
		return base, cfg, nil
	}
	return base + "?" + q.Encode(), cfg, nil
}
