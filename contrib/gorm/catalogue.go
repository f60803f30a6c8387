package tntgorm

import (
	"database/sql"
	"fmt"

	"gorm.io/gorm"
)

// Catalogue queries: each is served by an index of the system view, so
// 3.x runs them without sql_seq_scan.
const (
	spaceByName   = `SELECT "id", "flags", "format" FROM "_vspace" WHERE "name" = ?`
	indexesOf     = `SELECT "iid", "name", "opts", "parts" FROM "_vindex" WHERE "id" = ?`
	userSpaces    = `SELECT "name" FROM "_vspace" WHERE "id" >= ?`
	fkByName      = `SELECT COUNT(*) FROM "_fk_constraint" WHERE "name" = ? AND "child_id" = ?`
	ckByName      = `SELECT COUNT(*) FROM "_ck_constraint" WHERE "space_id" = ? AND "name" = ?`
	firstUserID   = 512
	unknownSpace  = -1
	fieldFormatNm = "name"
)

// space is a table as _vspace and _vindex describe it.
type space struct {
	id      int64
	flags   map[string]any
	fields  []map[string]any
	indexes []index
}

// index is one row of _vindex.
type index struct {
	iid     int64
	name    string
	unique  bool
	columns []string // the field names of its parts, in order
}

// readSpace reads the table name from the catalogue; ok is false when
// there is none.
func readSpace(db *gorm.DB, name string) (sp space, ok bool, err error) {
	var flags, format any
	err = db.Raw(spaceByName, name).Row().Scan(&sp.id, &flags, &format)
	if err == sql.ErrNoRows {
		return sp, false, nil
	}
	if err != nil {
		return sp, false, fmt.Errorf("tntgorm: reading _vspace for %q: %w", name, err)
	}
	sp.flags = asMap(flags)
	list, _ := format.([]any)
	for _, f := range list {
		sp.fields = append(sp.fields, asMap(f))
	}
	rows, err := db.Raw(indexesOf, sp.id).Rows()
	if err != nil {
		return sp, false, fmt.Errorf("tntgorm: reading _vindex for %q: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		var ix index
		var opts, parts any
		if err := rows.Scan(&ix.iid, &ix.name, &opts, &parts); err != nil {
			return sp, false, err
		}
		ix.unique, _ = asMap(opts)["unique"].(bool)
		pl, _ := parts.([]any)
		for _, p := range pl {
			ix.columns = append(ix.columns, sp.fieldName(partField(p)))
		}
		sp.indexes = append(sp.indexes, ix)
	}
	return sp, true, rows.Err()
}

// partField returns the field number of an index part: a map with
// "field" (SQL-made) or an array [field, type] (the old Lua form).
func partField(p any) int64 {
	switch v := p.(type) {
	case map[string]any:
		return toInt(v["field"])
	case map[any]any:
		return toInt(v["field"])
	case []any:
		if len(v) > 0 {
			return toInt(v[0])
		}
	}
	return unknownSpace
}

// fieldName returns the name of field number i, or "" when unnamed.
func (sp space) fieldName(i int64) string {
	if i < 0 || i >= int64(len(sp.fields)) {
		return ""
	}
	s, _ := sp.fields[i][fieldFormatNm].(string)
	return s
}

// field returns the format entry of the column name.
func (sp space) field(name string) (map[string]any, int, bool) {
	for i, f := range sp.fields {
		if f[fieldFormatNm] == name {
			return f, i, true
		}
	}
	return nil, 0, false
}

func asMap(v any) map[string]any {
	switch m := v.(type) {
	case map[string]any:
		return m
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, x := range m {
			out[fmt.Sprint(k)] = x
		}
		return out
	}
	return map[string]any{}
}

func toInt(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case uint64:
		return int64(n)
	case int:
		return int64(n)
	case float64:
		return int64(n)
	}
	return unknownSpace
}
