package tntmigrate

import (
	"context"
	"fmt"
	"strings"

	"github.com/golang-migrate/migrate/v4/database"
	"github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/iproto"
)

// firstUserSpaceID is the first id of a space that is not a system
// space (BOX_SYSTEM_ID_MAX + 1).
const firstUserSpaceID = 512

// catalogueQuery lists the user spaces the session may see, by a range on
// the primary key of _vspace: a full scan would be refused on 3.x without
// sql_seq_scan. The names are the catalogue's, quoted as stored.
const catalogueQuery = `SELECT "name", "flags" FROM "_vspace" WHERE "id" >= ? ORDER BY "id"`

// Drop drops every user table and view: the spaces of _vspace from id
// 512 on, but those whose names begin with '_' and the lock table (the
// caller holds the lock while it drops). Views go first; tables go in
// rounds, so that a table referenced by a foreign key goes after the
// tables that reference it. It fails when a round drops nothing.
func (d *Tarantool) Drop() error {
	views, tables, err := d.userSpaces()
	if err != nil {
		return err
	}
	for _, v := range views {
		query := "DROP VIEW " + quote(v)
		if _, err := d.exec(query); err != nil {
			return database.Error{OrigErr: err, Query: []byte(query)}
		}
	}
	for len(tables) > 0 {
		var left []string
		var lastErr error
		var lastQuery string
		for _, t := range tables {
			query := "DROP TABLE " + quote(t)
			if _, err := d.exec(query); err != nil {
				left, lastErr, lastQuery = append(left, t), err, query
			}
		}
		if len(left) == len(tables) {
			return database.Error{OrigErr: lastErr, Query: []byte(lastQuery), Err: fmt.Sprintf("%d tables could not be dropped", len(left))}
		}
		tables = left
	}
	return nil
}

// userSpaces reads the catalogue: the views and the other spaces to drop.
func (d *Tarantool) userSpaces() (views, tables []string, err error) {
	ctx, cancel := d.context()
	defer cancel()
	lockTable, err := d.storedName(ctx, d.cfg.LockTable)
	if err != nil {
		return nil, nil, err
	}
	rows, err := d.db.QueryContext(ctx, catalogueQuery, firstUserSpaceID)
	if err != nil {
		return nil, nil, database.Error{OrigErr: err, Query: []byte(catalogueQuery)}
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var flags any // a MAP: {view = true, sql = '...'} for a view
		if err := rows.Scan(&name, &flags); err != nil {
			return nil, nil, err
		}
		if strings.HasPrefix(name, "_") || name == lockTable {
			continue
		}
		if isView(flags) {
			views = append(views, name)
		} else {
			tables = append(tables, name)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, database.Error{OrigErr: err, Query: []byte(catalogueQuery)}
	}
	return views, tables, nil
}

// storedName returns the name the server gave the unquoted SQL name
// name: upper-cased before 3.0, as written from 3.0 on.
func (d *Tarantool) storedName(ctx context.Context, name string) (string, error) {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	var v iproto.Version
	if err := conn.Raw(func(dc any) error {
		c, ok := dc.(*tarantool.Conn)
		if !ok {
			return fmt.Errorf("tntmigrate: the pool is not of the tarantool driver (%T)", dc)
		}
		v = c.ServerVersion()
		return nil
	}); err != nil {
		return "", err
	}
	if v < iproto.MakeVersion(3, 0, 0) {
		return strings.ToUpper(name), nil
	}
	return name, nil
}

// isView reports whether a _vspace flags value marks a view.
func isView(flags any) bool {
	switch m := flags.(type) {
	case map[string]any:
		v, _ := m["view"].(bool)
		return v
	case map[any]any:
		v, _ := m["view"].(bool)
		return v
	}
	return false
}

// quote writes name as a quoted SQL identifier.
func quote(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
