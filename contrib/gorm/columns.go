package tntgorm

import (
	"database/sql"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/migrator"
)

// columnTypes describes each field of the format: its type upper-cased
// (INTEGER, STRING ...), nullability, and whether the primary key or a
// one-column unique index holds it.
func (sp space) columnTypes() []gorm.ColumnType {
	primary := map[string]bool{}
	unique := map[string]bool{}
	for _, ix := range sp.indexes {
		if ix.iid == 0 {
			for _, c := range ix.columns {
				primary[c] = true
			}
		}
		if ix.unique && len(ix.columns) == 1 {
			unique[ix.columns[0]] = true
		}
	}
	out := make([]gorm.ColumnType, 0, len(sp.fields))
	for _, f := range sp.fields {
		name, _ := f[fieldFormatNm].(string)
		typ, _ := f["type"].(string)
		typ = strings.ToUpper(typ)
		nullable, _ := f["is_nullable"].(bool)
		out = append(out, migrator.ColumnType{
			NameValue:       sql.NullString{String: name, Valid: true},
			DataTypeValue:   sql.NullString{String: typ, Valid: true},
			ColumnTypeValue: sql.NullString{String: typ, Valid: true},
			NullableValue:   sql.NullBool{Bool: nullable, Valid: true},
			PrimaryKeyValue: sql.NullBool{Bool: primary[name], Valid: true},
			UniqueValue:     sql.NullBool{Bool: unique[name], Valid: true},
		})
	}
	return out
}
