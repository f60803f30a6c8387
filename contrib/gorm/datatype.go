package tntgorm

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"gorm.io/gorm/schema"
)

var (
	decimalTypes = map[reflect.Type]bool{reflect.TypeOf(decimal.Decimal{}): true, reflect.TypeOf(decimal.NullDecimal{}): true}
	uuidTypes    = map[reflect.Type]bool{reflect.TypeOf(uuid.UUID{}): true, reflect.TypeOf(uuid.NullUUID{}): true}
)

// DataTypeOf returns the Tarantool SQL type of a field: BOOLEAN, INTEGER
// (INTEGER PRIMARY KEY AUTOINCREMENT for an auto-increment primary key),
// UNSIGNED for unsigned integers, DOUBLE, STRING or VARCHAR(size),
// VARBINARY, DATETIME for time.Time, DECIMAL for decimal.Decimal, UUID for
// uuid.UUID. DATETIME, DECIMAL and UUID need 2.10+: the migrator refuses
// such fields on older servers before sending (see unsupportedField).
func (d *Dialector) DataTypeOf(field *schema.Field) string {
	switch {
	case decimalTypes[field.IndirectFieldType]:
		return "DECIMAL"
	case uuidTypes[field.IndirectFieldType]:
		return "UUID"
	}
	switch field.DataType {
	case schema.Bool:
		return "BOOLEAN"
	case schema.Int, schema.Uint:
		if field.AutoIncrement && field.PrimaryKey {
			return "INTEGER PRIMARY KEY AUTOINCREMENT"
		}
		if field.DataType == schema.Uint {
			return "UNSIGNED"
		}
		return "INTEGER"
	case schema.Float:
		return "DOUBLE"
	case schema.String:
		if field.Size > 0 {
			return fmt.Sprintf("VARCHAR(%d)", field.Size)
		}
		return "STRING"
	case schema.Bytes:
		return "VARBINARY"
	case schema.Time:
		return "DATETIME"
	}
	return string(field.DataType)
}

// unsupportedField returns an error when the server cannot store field:
// DATETIME, DECIMAL and UUID columns before 2.10.
func (d *Dialector) unsupportedField(table string, field *schema.Field) error {
	if d.atLeast(versionDatetime) {
		return nil
	}
	switch t := baseType(d.DataTypeOf(field)); t {
	case "DATETIME", "DECIMAL", "UUID":
		return fmt.Errorf("%w: column %s.%s (%s) needs a %s column, which Tarantool SQL has from 2.10 (the server is %s)",
			ErrUnsupported, table, field.DBName, field.FieldType, t, d.version)
	}
	return nil
}

// baseType returns the catalogue's name for a SQL type: its first word,
// upper-cased, with VARCHAR and TEXT as STRING.
func baseType(sqlType string) string {
	t := strings.ToUpper(strings.TrimSpace(sqlType))
	if i := strings.IndexAny(t, " ("); i >= 0 {
		t = t[:i]
	}
	switch t {
	case "VARCHAR", "TEXT":
		return "STRING"
	}
	return t
}
