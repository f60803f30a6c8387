package tntgorm

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/migrator"
	"gorm.io/gorm/schema"
)

// Migrator is the Tarantool migrator: GORM's, with the catalogue read from
// _vspace and _vindex and Tarantool's ALTER limits reported as errors
// matching ErrUnsupported.
type Migrator struct {
	migrator.Migrator
	d *Dialector
}

// CurrentDatabase returns "": a Tarantool instance has one schema.
func (m Migrator) CurrentDatabase() string { return "" }

// tableOf returns the table name of value (a model or a name).
func (m Migrator) tableOf(value any) (table string, stmt *gorm.Statement, err error) {
	err = m.RunWithValue(value, func(s *gorm.Statement) error {
		table, stmt = s.Table, s
		return nil
	})
	return table, stmt, err
}

// HasTable reports whether the table is in _vspace.
func (m Migrator) HasTable(value any) bool {
	table, _, err := m.tableOf(value)
	if err != nil {
		return false
	}
	_, ok, err := readSpace(m.DB, table)
	return err == nil && ok
}

// GetTables lists the user tables and views (not those named with a
// leading '_').
func (m Migrator) GetTables() ([]string, error) {
	var names []string
	if err := m.DB.Raw(userSpaces, firstUserID).Scan(&names).Error; err != nil {
		return nil, err
	}
	out := names[:0]
	for _, n := range names {
		if !strings.HasPrefix(n, "_") {
			out = append(out, n)
		}
	}
	return out, nil
}

// CreateTable creates the tables, after checking that the server can
// store every field (DATETIME, DECIMAL, UUID need 2.10+), and then an
// index on the columns of each foreign key it declares, which Tarantool
// 2.10+ needs to check deletes of the parent rows.
func (m Migrator) CreateTable(values ...any) error {
	for _, value := range values {
		if err := m.RunWithValue(value, func(stmt *gorm.Statement) error {
			if stmt.Schema == nil {
				return nil
			}
			for _, f := range stmt.Schema.Fields {
				if f.DBName != "" && !f.IgnoreMigration {
					if err := m.d.unsupportedField(stmt.Table, f); err != nil {
						return err
					}
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	if err := m.Migrator.CreateTable(values...); err != nil {
		return err
	}
	if m.DB.DisableForeignKeyConstraintWhenMigrating || m.DB.IgnoreRelationshipsWhenMigrating {
		return nil
	}
	for _, value := range values {
		if err := m.RunWithValue(value, m.indexForeignKeys); err != nil {
			return err
		}
	}
	return nil
}

// indexForeignKeys creates an index on the child columns of each foreign
// key of stmt's table that no index covers exactly.
func (m Migrator) indexForeignKeys(stmt *gorm.Statement) error {
	if stmt.Schema == nil {
		return nil
	}
	var sp space
	loaded := false
	for _, rel := range stmt.Schema.Relationships.Relations {
		c := rel.ParseConstraint()
		if c == nil || c.Schema != stmt.Schema || rel.Field.IgnoreMigration {
			continue
		}
		if !loaded {
			var err error
			if sp, _, err = readSpace(m.DB, stmt.Table); err != nil {
				return err
			}
			loaded = true
		}
		cols := make([]string, len(c.ForeignKeys))
		quoted := make([]string, len(c.ForeignKeys))
		for i, f := range c.ForeignKeys {
			cols[i], quoted[i] = f.DBName, quote(f.DBName)
		}
		if sp.hasIndexOn(cols) {
			continue
		}
		name := "idx_" + c.Name
		if err := m.DB.Exec("CREATE INDEX " + quote(name) + " ON " + quote(stmt.Table) + " (" + strings.Join(quoted, ", ") + ")").Error; err != nil {
			return err
		}
		sp.indexes = append(sp.indexes, index{name: name, columns: cols})
	}
	return nil
}

// hasIndexOn reports whether an index has exactly the columns cols.
func (sp space) hasIndexOn(cols []string) bool {
	for _, ix := range sp.indexes {
		if strings.Join(ix.columns, "\x00") == strings.Join(cols, "\x00") {
			return true
		}
	}
	return false
}

// HasColumn reports whether the table's format has the column.
func (m Migrator) HasColumn(value any, field string) bool {
	table, stmt, err := m.tableOf(value)
	if err != nil {
		return false
	}
	name := field
	if stmt.Schema != nil {
		if f := stmt.Schema.LookUpField(field); f != nil {
			name = f.DBName
		}
	}
	sp, ok, err := readSpace(m.DB, table)
	if err != nil || !ok {
		return false
	}
	_, _, ok = sp.field(name)
	return ok
}

// AddColumn runs ALTER TABLE ... ADD COLUMN, which Tarantool has from
// 2.7 and then only for an empty table; a refusal is reported naming
// that limit.
func (m Migrator) AddColumn(value any, name string) error {
	table, stmt, err := m.tableOf(value)
	if err != nil {
		return err
	}
	if stmt.Schema != nil {
		if f := stmt.Schema.LookUpField(name); f != nil {
			if err := m.d.unsupportedField(table, f); err != nil {
				return err
			}
		}
	}
	err = m.Migrator.AddColumn(value, name)
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "does not match space field count"):
		return fmt.Errorf("%w: AddColumn %s.%s: Tarantool adds a column only to an empty table: %w", ErrUnsupported, table, name, err)
	case !m.d.atLeast(versionDatetime):
		return fmt.Errorf("%w: AddColumn %s.%s: this server's SQL has no ALTER TABLE ADD COLUMN (2.6 has none; 2.11 and 3.x add to an empty table): %w", ErrUnsupported, table, name, err)
	}
	return err
}

// AlterColumn is refused: Tarantool SQL cannot change a column's type or
// constraints.
func (m Migrator) AlterColumn(value any, field string) error {
	table, _, _ := m.tableOf(value)
	return fmt.Errorf("%w: AlterColumn %s.%s: Tarantool's ALTER TABLE cannot change a column; create a new table and copy the rows", ErrUnsupported, table, field)
}

// DropColumn is refused: Tarantool SQL cannot drop a column.
func (m Migrator) DropColumn(value any, name string) error {
	table, _, _ := m.tableOf(value)
	return fmt.Errorf("%w: DropColumn %s.%s: Tarantool's ALTER TABLE cannot drop a column; create a new table and copy the rows", ErrUnsupported, table, name)
}

// RenameColumn is refused: Tarantool SQL cannot rename a column.
func (m Migrator) RenameColumn(value any, oldName, newName string) error {
	table, _, _ := m.tableOf(value)
	return fmt.Errorf("%w: RenameColumn %s.%s to %s: Tarantool's ALTER TABLE cannot rename a column", ErrUnsupported, table, oldName, newName)
}

// RenameIndex is refused: Tarantool SQL has no ALTER INDEX ... RENAME.
func (m Migrator) RenameIndex(value any, oldName, newName string) error {
	table, _, _ := m.tableOf(value)
	return fmt.Errorf("%w: RenameIndex %s.%s to %s: Tarantool SQL cannot rename an index; drop it and create the new one", ErrUnsupported, table, oldName, newName)
}

// MigrateColumn compares a field with its column in the catalogue and
// returns AlterColumn's error when the type or the nullability differ;
// Tarantool cannot change either.
func (m Migrator) MigrateColumn(value any, field *schema.Field, ct gorm.ColumnType) error {
	want := baseType(m.DataTypeOf(field))
	got := strings.ToUpper(ct.DatabaseTypeName())
	if known[want] && want != got {
		return fmt.Errorf("column %s is %s, the model wants %s: %w", field.DBName, got, want, m.AlterColumn(value, field.DBName))
	}
	if nullable, ok := ct.Nullable(); ok && !field.PrimaryKey && nullable == field.NotNull {
		return fmt.Errorf("column %s: nullability differs from the model: %w", field.DBName, m.AlterColumn(value, field.DBName))
	}
	return nil
}

// known lists the types the catalogue names as DataTypeOf does.
var known = map[string]bool{"BOOLEAN": true, "INTEGER": true, "UNSIGNED": true, "DOUBLE": true, "STRING": true,
	"VARBINARY": true, "DATETIME": true, "DECIMAL": true, "UUID": true}

// ColumnTypes returns the table's columns from its format and indexes.
func (m Migrator) ColumnTypes(value any) ([]gorm.ColumnType, error) {
	table, _, err := m.tableOf(value)
	if err != nil {
		return nil, err
	}
	sp, ok, err := readSpace(m.DB, table)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("tntgorm: no table %q", table)
	}
	return sp.columnTypes(), nil
}

// HasIndex reports whether the table has the index (by name, or the name
// GORM gives a field's index).
func (m Migrator) HasIndex(value any, name string) bool {
	table, stmt, err := m.tableOf(value)
	if err != nil {
		return false
	}
	if stmt.Schema != nil {
		if idx := stmt.Schema.LookIndex(name); idx != nil {
			name = idx.Name
		}
	}
	sp, ok, err := readSpace(m.DB, table)
	if err != nil || !ok {
		return false
	}
	for _, ix := range sp.indexes {
		if ix.name == name {
			return true
		}
	}
	return false
}

// DropIndex runs DROP INDEX name ON table.
func (m Migrator) DropIndex(value any, name string) error {
	table, stmt, err := m.tableOf(value)
	if err != nil {
		return err
	}
	if stmt.Schema != nil {
		if idx := stmt.Schema.LookIndex(name); idx != nil {
			name = idx.Name
		}
	}
	return m.DB.Exec("DROP INDEX ? ON ?", clause.Column{Name: name}, clause.Table{Name: table}).Error
}

// HasConstraint reports whether the table has the foreign key or check
// constraint: in _vspace's flags and format on 2.10+, in _fk_constraint
// and _ck_constraint before.
func (m Migrator) HasConstraint(value any, name string) bool {
	table, stmt, err := m.tableOf(value)
	if err != nil {
		return false
	}
	if stmt.Schema != nil {
		if c, _, _ := m.GuessConstraintAndTable(stmt, name); c != nil {
			name = c.Name
		}
	}
	sp, ok, err := readSpace(m.DB, table)
	if err != nil || !ok {
		return false
	}
	if !m.d.atLeast(versionDatetime) {
		for _, q := range []string{fkByName, ckByName} {
			var n int64
			args := []any{name, sp.id}
			if q == ckByName {
				args = []any{sp.id, name}
			}
			if err := m.DB.Raw(q, args...).Row().Scan(&n); err == nil && n > 0 {
				return true
			}
		}
		return false
	}
	maps := []map[string]any{sp.flags}
	maps = append(maps, sp.fields...)
	for _, f := range maps {
		for _, key := range []string{"foreign_key", "constraint"} {
			if _, ok := asMap(f[key])[name]; ok {
				return true
			}
		}
	}
	return false
}
