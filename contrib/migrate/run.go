package tntmigrate

import (
	"io"
	"strings"

	"github.com/golang-migrate/migrate/v4/database"
	"github.com/tntsql/tarantool"
)

// Run runs a migration file: its statements, split with
// tarantool.SplitStatements, one request each, outside any transaction.
// It stops at the first that fails, whose error is a database.Error with
// the statement and its line in the file; the statements before it stay
// applied.
func (d *Tarantool) Run(migration io.Reader) error {
	b, err := io.ReadAll(migration)
	if err != nil {
		return err
	}
	script := string(b)
	from := 0 // where the search for the next statement's text begins
	for _, stmt := range tarantool.SplitStatements(script) {
		line := uint(0)
		if i := strings.Index(script[from:], stmt); i >= 0 {
			// The line of the statement's first word, past its comments.
			line = uint(strings.Count(script[:from+i+leadingNoise(stmt)], "\n") + 1)
			from += i + len(stmt)
		}
		if err := d.runStatement(stmt); err != nil {
			return database.Error{OrigErr: err, Query: []byte(stmt), Line: line, Err: "migration failed"}
		}
	}
	return nil
}

// runStatement runs one statement of a migration (a CREATE TRIGGER with
// its BEGIN ... END body is one: the driver counts statements as
// SplitStatements cuts them).
func (d *Tarantool) runStatement(stmt string) error {
	_, err := d.exec(stmt)
	return err
}
