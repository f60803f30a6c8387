package tntmigrate

import (
	"database/sql"
	"errors"

	"github.com/golang-migrate/migrate/v4/database"
)

// SetVersion records version and the dirty flag, in one statement on the
// version table's row (no transaction needed). A clean NilVersion removes
// the row.
func (d *Tarantool) SetVersion(version int, dirty bool) error {
	if version < database.NilVersion {
		return errors.New("tntmigrate: SetVersion: version below -1")
	}
	var query string
	var err error
	if version >= 0 || dirty {
		// A dirty NilVersion is kept too: a failed down migration of the
		// first migration must leave a dirty mark (golang-migrate #330).
		query = "REPLACE INTO " + d.cfg.MigrationsTable + " (id, version, dirty) VALUES (1, ?, ?)"
		_, err = d.exec(query, version, dirty)
	} else {
		query = "DELETE FROM " + d.cfg.MigrationsTable + " WHERE id = 1"
		_, err = d.exec(query)
	}
	if err != nil {
		return database.Error{OrigErr: err, Query: []byte(query)}
	}
	return nil
}

// Version returns the recorded version and dirty flag; NilVersion and
// false when none is recorded.
func (d *Tarantool) Version() (version int, dirty bool, err error) {
	query := "SELECT version, dirty FROM " + d.cfg.MigrationsTable + " WHERE id = 1"
	ctx, cancel := d.context()
	defer cancel()
	switch err := d.db.QueryRowContext(ctx, query).Scan(&version, &dirty); {
	case errors.Is(err, sql.ErrNoRows):
		return database.NilVersion, false, nil
	case err != nil:
		return 0, false, database.Error{OrigErr: err, Query: []byte(query)}
	}
	return version, dirty, nil
}
