package tntgorm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
	"gorm.io/gorm"
	"gorm.io/gorm/callbacks"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/migrator"
	"gorm.io/gorm/schema"
)

// ErrUnsupported is matched (errors.Is) by the error of every operation
// Tarantool SQL cannot do: the error names the operation and the limit.
var ErrUnsupported = errors.New("tntgorm: not supported by Tarantool SQL")

// Config configures a Dialector.
type Config struct {
	// DSN is the driver's DSN (tarantool://user:pass@host:3301?...), used
	// when Conn is nil. sql_seq_scan is turned on unless the DSN sets it.
	DSN string
	// Conn is an existing pool: a *sql.DB of the tarantool driver, or any
	// gorm.ConnPool. With a *sql.DB the dialector reads the server's
	// version and every autoincrement id of a batch create; with another
	// pool it uses LastInsertId and takes the server for 2.10+.
	Conn gorm.ConnPool
}

// Dialector is the GORM dialector for Tarantool. Create one with Open or
// New; it is initialized by gorm.Open.
type Dialector struct {
	Config
	version iproto.Version // the server's, learnt by Initialize; 0 if unknown
}

// Open returns a Dialector for a DSN, with sql_seq_scan on unless the DSN
// sets it.
func Open(dsn string) gorm.Dialector { return &Dialector{Config: Config{DSN: dsn}} }

// New returns a Dialector for cfg.
func New(cfg Config) gorm.Dialector { return &Dialector{Config: cfg} }

// Name returns "tarantool".
func (d *Dialector) Name() string { return "tarantool" }

// ServerVersion returns the server's version as Initialize learnt it, 0
// when the pool is not of the tarantool driver.
func (d *Dialector) ServerVersion() iproto.Version { return d.version }

// Initialize opens the pool (from the DSN) when Config.Conn is nil, learns
// the server's version, registers GORM's callbacks with Tarantool's create
// callback and clause builders, and sets SkipDefaultTransaction on a
// server without interactive transactions (before 2.10).
func (d *Dialector) Initialize(db *gorm.DB) error {
	pool := d.Conn
	if pool == nil {
		cfg, err := tarantool.ParseDSN(d.DSN)
		if err != nil {
			return err
		}
		if cfg.SQLSeqScan == engine.SettingDefault {
			cfg.SQLSeqScan = engine.SettingOn
		}
		c, err := tarantool.NewConnector(cfg)
		if err != nil {
			return err
		}
		pool = sql.OpenDB(c)
	}
	v, err := serverVersion(context.Background(), pool)
	if err != nil {
		return fmt.Errorf("tntgorm: reading the server's version: %w", err)
	}
	d.version = v
	if sqlDB, ok := pool.(*sql.DB); ok {
		pool = &connPool{db: sqlDB}
	}
	db.ConnPool = pool
	if !d.atLeast(versionDatetime) {
		db.SkipDefaultTransaction = true
	}
	callbacks.RegisterDefaultCallbacks(db, &callbacks.Config{
		CreateClauses: []string{"INSERT", "VALUES", "ON CONFLICT"},
		UpdateClauses: []string{"UPDATE", "SET", "WHERE"},
		DeleteClauses: []string{"DELETE", "FROM", "WHERE"},
	})
	if err := db.Callback().Create().Replace("gorm:create", create); err != nil {
		return err
	}
	for name, b := range clauseBuilders() {
		db.ClauseBuilders[name] = b
	}
	return nil
}

// Migrator returns the Tarantool migrator for db.
func (d *Dialector) Migrator(db *gorm.DB) gorm.Migrator {
	return Migrator{Migrator: migrator.Migrator{Config: migrator.Config{
		DB:                          db,
		Dialector:                   d,
		CreateIndexAfterCreateTable: true,
	}}, d: d}
}

// BindVarTo writes a positional parameter, '?'.
func (d *Dialector) BindVarTo(w clause.Writer, _ *gorm.Statement, _ any) { w.WriteByte('?') }

// QuoteTo writes str as a double-quoted identifier; a dot separates
// qualified parts ("t"."c") and a double quote is doubled.
func (d *Dialector) QuoteTo(w clause.Writer, str string) {
	w.WriteByte('"')
	for i := 0; i < len(str); i++ {
		switch c := str[i]; c {
		case '"':
			w.WriteString(`""`)
		case '.':
			w.WriteString(`"."`)
		default:
			w.WriteByte(c)
		}
	}
	w.WriteByte('"')
}

// Explain returns sql with vars written in, for logs.
func (d *Dialector) Explain(sql string, vars ...any) string {
	return logger.ExplainSQL(sql, nil, `'`, vars...)
}

// DefaultValueOf returns what a batch create writes for a field left
// zero in one row but set in another: NULL for an AUTOINCREMENT primary
// key (the server then generates the id), the field's default otherwise.
// Tarantool has no DEFAULT keyword in VALUES.
func (d *Dialector) DefaultValueOf(field *schema.Field) clause.Expression {
	if field.AutoIncrement || field.DefaultValue == "" || field.DefaultValueInterface != nil {
		if field.DefaultValueInterface != nil {
			return clause.Expr{SQL: "?", Vars: []any{field.DefaultValueInterface}}
		}
		return clause.Expr{SQL: "NULL"}
	}
	return clause.Expr{SQL: field.DefaultValue}
}

// SavePoint runs SAVEPOINT name in tx (2.10+, inside a transaction).
func (d *Dialector) SavePoint(tx *gorm.DB, name string) error {
	return tx.Exec("SAVEPOINT " + quote(name)).Error
}

// RollbackTo runs ROLLBACK TO SAVEPOINT name in tx.
func (d *Dialector) RollbackTo(tx *gorm.DB, name string) error {
	return tx.Exec("ROLLBACK TO SAVEPOINT " + quote(name)).Error
}

// Translate maps a duplicate key (ER_TUPLE_FOUND) to gorm.ErrDuplicatedKey
// when gorm.Config.TranslateError is set.
func (d *Dialector) Translate(err error) error {
	if errors.Is(err, iproto.ErTupleFound) {
		return fmt.Errorf("%w: %w", gorm.ErrDuplicatedKey, err)
	}
	return err
}

// quote returns name as a double-quoted identifier.
func quote(name string) string {
	out := []byte{'"'}
	for i := 0; i < len(name); i++ {
		if name[i] == '"' {
			out = append(out, '"')
		}
		out = append(out, name[i])
	}
	return string(append(out, '"'))
}
