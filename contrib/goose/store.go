package tntgoose

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/pressly/goose/v3/database"
	_ "github.com/tntsql/tarantool" // the "tarantool" database/sql driver
)

// Store is goose's version table on Tarantool SQL (a database.Store and
// database.StoreExtender).
type Store struct {
	table string
}

var _ database.StoreExtender = (*Store)(nil)

// NewStore returns a Store on the table name, written unquoted in SQL:
// letters, digits and '_', not beginning with a digit or '_'.
func NewStore(table string) (*Store, error) {
	if !isPlainName(table) {
		return nil, fmt.Errorf("tntgoose: table name %q: use letters, digits and '_', not beginning with a digit or '_'", table)
	}
	return &Store{table: table}, nil
}

// Tablename returns the version table's name, as given to NewStore.
func (s *Store) Tablename() string { return s.table }

// CreateVersionTable creates the version table and its index on the
// version: two DDL statements, which must run outside a transaction.
func (s *Store) CreateVersionTable(ctx context.Context, db database.DBTxConn) error {
	for _, q := range []string{
		"CREATE TABLE " + s.table + " (id INTEGER PRIMARY KEY AUTOINCREMENT," +
			" version_id INTEGER NOT NULL, is_applied BOOLEAN NOT NULL, tstamp STRING NOT NULL)",
		"CREATE INDEX " + s.table + "_version_id ON " + s.table + " (version_id)",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("tntgoose: %s: %w", q, err)
		}
	}
	return nil
}

// Insert records version as applied, now.
func (s *Store) Insert(ctx context.Context, db database.DBTxConn, req database.InsertRequest) error {
	q := "INSERT INTO " + s.table + " (version_id, is_applied, tstamp) VALUES (?, true, ?)"
	if _, err := db.ExecContext(ctx, q, req.Version, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("tntgoose: insert version %d: %w", req.Version, err)
	}
	return nil
}

// Delete removes the rows of version (a migration undone).
func (s *Store) Delete(ctx context.Context, db database.DBTxConn, version int64) error {
	q := "DELETE FROM " + s.table + " WHERE version_id = ?"
	if _, err := db.ExecContext(ctx, q, version); err != nil {
		return fmt.Errorf("tntgoose: delete version %d: %w", version, err)
	}
	return nil
}

// GetMigration returns the latest row of version; database.ErrVersionNotFound
// if it has none.
func (s *Store) GetMigration(ctx context.Context, db database.DBTxConn, version int64) (*database.GetMigrationResult, error) {
	q := "SELECT tstamp, is_applied FROM " + s.table + " WHERE version_id = ? ORDER BY id DESC LIMIT 1"
	var stamp string
	var res database.GetMigrationResult
	switch err := db.QueryRowContext(ctx, q, version).Scan(&stamp, &res.IsApplied); {
	case errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("%w: %d", database.ErrVersionNotFound, version)
	case err != nil:
		return nil, fmt.Errorf("tntgoose: get version %d: %w", version, err)
	}
	t, err := time.Parse(time.RFC3339Nano, stamp)
	if err != nil {
		return nil, fmt.Errorf("tntgoose: version %d: timestamp %q: %w", version, stamp, err)
	}
	res.Timestamp = t
	return &res, nil
}

// GetLatestVersion returns the highest version recorded (through the
// version index, not a scan); database.ErrVersionNotFound if none is.
func (s *Store) GetLatestVersion(ctx context.Context, db database.DBTxConn) (int64, error) {
	q := "SELECT version_id FROM " + s.table + " WHERE version_id >= ? ORDER BY version_id DESC LIMIT 1"
	var v int64
	switch err := db.QueryRowContext(ctx, q, int64(math.MinInt64)).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
		return 0, database.ErrVersionNotFound
	case err != nil:
		return 0, fmt.Errorf("tntgoose: latest version: %w", err)
	}
	return v, nil
}

// ListMigrations returns every row, newest (highest id) first.
func (s *Store) ListMigrations(ctx context.Context, db database.DBTxConn) ([]*database.ListMigrationsResult, error) {
	// A range on the primary key: Tarantool 3.x refuses a plain ORDER BY
	// id without a condition as a full scan.
	q := "SELECT version_id, is_applied FROM " + s.table + " WHERE id >= ? ORDER BY id DESC"
	rows, err := db.QueryContext(ctx, q, int64(math.MinInt64))
	if err != nil {
		return nil, fmt.Errorf("tntgoose: list migrations: %w", err)
	}
	defer rows.Close()
	var out []*database.ListMigrationsResult
	for rows.Next() {
		var r database.ListMigrationsResult
		if err := rows.Scan(&r.Version, &r.IsApplied); err != nil {
			return nil, fmt.Errorf("tntgoose: list migrations: %w", err)
		}
		out = append(out, &r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tntgoose: list migrations: %w", err)
	}
	return out, nil
}

// TableExists reports whether the version table exists, from the
// catalogue view _vspace by its name index. The unquoted name is stored
// upper-cased on 2.x and as written on 3.x: both are looked up.
func (s *Store) TableExists(ctx context.Context, db database.DBTxConn) (bool, error) {
	for _, name := range []string{s.table, strings.ToUpper(s.table)} {
		var id int64
		err := db.QueryRowContext(ctx, `SELECT "id" FROM "_vspace" WHERE "name" = ?`, name).Scan(&id)
		switch {
		case err == nil:
			return true, nil
		case !errors.Is(err, sql.ErrNoRows):
			return false, fmt.Errorf("tntgoose: table exists: %w", err)
		}
	}
	return false, nil
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
