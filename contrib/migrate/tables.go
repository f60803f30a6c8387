package tntmigrate

import (
	"errors"

	"github.com/golang-migrate/migrate/v4/database"
	"github.com/tntsql/tarantool/iproto"
)

// ensureTables creates the version and the lock table if they do not
// exist. Two migrators that start at once may both find a table missing:
// the one whose CREATE comes second gets ER_SPACE_EXISTS despite IF NOT
// EXISTS, which is success here.
func (d *Tarantool) ensureTables() error {
	for _, query := range []string{
		// One row, id 1: the version and whether it is dirty.
		"CREATE TABLE IF NOT EXISTS " + d.cfg.MigrationsTable +
			" (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, dirty BOOLEAN NOT NULL)",
		// One row, id 1, while a migrator holds the lock.
		"CREATE TABLE IF NOT EXISTS " + d.cfg.LockTable +
			" (id INTEGER PRIMARY KEY, holder STRING NOT NULL, since STRING NOT NULL)",
	} {
		if _, err := d.exec(query); err != nil && !errors.Is(err, iproto.ErSpaceExists) {
			return database.Error{OrigErr: err, Query: []byte(query), Err: "creating a table"}
		}
	}
	return nil
}
