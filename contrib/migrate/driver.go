package tntmigrate

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/golang-migrate/migrate/v4/database"
	_ "github.com/tntsql/tarantool" // the "tarantool" database/sql driver
)

func init() {
	database.Register("tarantool", &Tarantool{})
	database.Register("tarantool+unix", &Tarantool{})
}

// ErrNilConfig is returned by WithInstance when its Config is nil.
var ErrNilConfig = errors.New("tntmigrate: no config")

// Tarantool is the golang-migrate database driver (database.Driver) for
// Tarantool. Make one with WithInstance, or through migrate.New with a
// tarantool:// URL.
type Tarantool struct {
	db     *sql.DB
	cfg    Config
	closes bool // Close closes db: Open opened it

	mu     sync.Mutex // guards holder
	holder string     // the lock row's holder while this driver holds it, "" if not
}

var _ database.Driver = (*Tarantool)(nil)

// WithInstance returns a driver on db, a pool opened with the tarantool
// driver, and creates the version and lock tables if they do not exist.
// Close does not close db.
func WithInstance(db *sql.DB, config *Config) (database.Driver, error) {
	if config == nil {
		return nil, ErrNilConfig
	}
	return newDriver(db, *config, false)
}

func newDriver(db *sql.DB, config Config, closes bool) (*Tarantool, error) {
	cfg, err := config.withDefaults()
	if err != nil {
		return nil, err
	}
	d := &Tarantool{db: db, cfg: cfg, closes: closes}
	ctx, cancel := d.context()
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		return nil, err
	}
	if err := d.ensureTables(); err != nil {
		return nil, err
	}
	return d, nil
}

// Open opens a driver from a golang-migrate database URL: the tntsql DSN
// with the x- parameters of the package documentation. migrate.New calls
// it.
func (*Tarantool) Open(url string) (database.Driver, error) {
	dsn, cfg, err := parseURL(url)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("tarantool", dsn)
	if err != nil {
		return nil, err
	}
	d, err := newDriver(db, cfg, true)
	if err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

// Close closes the pool if Open opened it; a pool given to WithInstance
// stays open.
func (d *Tarantool) Close() error {
	if d.closes {
		return d.db.Close()
	}
	return nil
}

// context returns the context of one statement: bounded by
// Config.StatementTimeout when it is set.
func (d *Tarantool) context() (context.Context, context.CancelFunc) {
	if d.cfg.StatementTimeout > 0 {
		return context.WithTimeout(context.Background(), d.cfg.StatementTimeout)
	}
	return context.WithCancel(context.Background())
}

// exec runs one statement, bounded like context.
func (d *Tarantool) exec(query string, args ...any) (sql.Result, error) {
	ctx, cancel := d.context()
	defer cancel()
	return d.db.ExecContext(ctx, query, args...)
}
