package tntgorm

import (
	"database/sql"
	"reflect"
	"slices"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/callbacks"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// create replaces GORM's create callback: the same INSERT (Tarantool has
// no RETURNING), and the primary keys set from every autoincrement id the
// server reports, in order, to the rows whose key was zero. GORM's own
// callback counts up from LastInsertId, which is wrong when a batch mixes
// explicit and generated keys.
func create(db *gorm.DB) {
	if db.Error != nil {
		return
	}
	stmt := db.Statement
	if stmt.Schema != nil && !stmt.Unscoped {
		for _, c := range stmt.Schema.CreateClauses {
			stmt.AddClause(c)
		}
	}
	var updated int64
	if stmt.SQL.Len() == 0 {
		stmt.SQL.Grow(180)
		stmt.AddClauseIfNotExists(clause.Insert{})
		values := callbacks.ConvertToCreateValues(stmt)
		if sets, ok := keyUpsert(stmt); ok && !db.DryRun && db.Error == nil {
			var done bool
			if values, updated, done = updateExisting(db, values, sets); done || db.Error != nil {
				db.RowsAffected = updated
				return
			}
			delete(stmt.Clauses, "ON CONFLICT")
		}
		stmt.AddClause(values)
		stmt.Build(stmt.BuildClauses...)
	}
	if db.DryRun || db.Error != nil {
		return
	}
	var (
		result sql.Result
		ids    []int64
		err    error
	)
	if ex, ok := stmt.ConnPool.(idExecer); ok {
		var res interface {
			sql.Result
			AutoincrementIDs() []int64
		}
		res, err = ex.execIDs(stmt.Context, stmt.SQL.String(), stmt.Vars)
		if err == nil {
			result, ids = res, res.AutoincrementIDs()
		}
	} else {
		result, err = stmt.ConnPool.ExecContext(stmt.Context, stmt.SQL.String(), stmt.Vars...)
		if err == nil {
			if id, _ := result.LastInsertId(); id > 0 {
				ids = []int64{id}
			}
		}
	}
	if err != nil {
		db.AddError(err)
		return
	}
	db.RowsAffected, _ = result.RowsAffected()
	db.RowsAffected += updated
	if stmt.Result != nil {
		stmt.Result.Result = result
		stmt.Result.RowsAffected = db.RowsAffected
	}
	if db.RowsAffected > 0 && len(ids) > 0 {
		setIDs(db, ids)
	}
}

// setIDs gives the generated ids, in order, to the rows (structs or maps)
// of the create whose primary key is zero or absent.
func setIDs(db *gorm.DB, ids []int64) {
	stmt := db.Statement
	var pk *schema.Field
	name := "@id"
	if stmt.Schema != nil {
		pk = stmt.Schema.PrioritizedPrimaryField
		if pk == nil || !pk.HasDefaultValue || !pk.Readable {
			return
		}
		name = pk.DBName
	}
	next := func() (int64, bool) {
		if len(ids) == 0 {
			return 0, false
		}
		id := ids[0]
		ids = ids[1:]
		return id, true
	}
	setMap := func(m map[string]any) {
		if m == nil {
			return
		}
		if v, ok := m[name]; ok && v != nil && !reflect.ValueOf(v).IsZero() {
			return
		}
		if id, ok := next(); ok {
			m[name] = id
		}
	}
	switch dest := stmt.Dest.(type) {
	case map[string]any:
		setMap(dest)
		return
	case *map[string]any:
		setMap(*dest)
		return
	case []map[string]any:
		for _, m := range dest {
			setMap(m)
		}
		return
	case *[]map[string]any:
		for _, m := range *dest {
			setMap(m)
		}
		return
	}
	if pk == nil {
		return
	}
	setRow := func(rv reflect.Value) {
		if reflect.Indirect(rv).Kind() != reflect.Struct {
			return
		}
		if _, zero := pk.ValueOf(stmt.Context, rv); !zero {
			return
		}
		if id, ok := next(); ok {
			db.AddError(pk.Set(stmt.Context, rv, id))
		}
	}
	switch rv := stmt.ReflectValue; rv.Kind() {
	case reflect.Slice, reflect.Array:
		for i := 0; i < rv.Len(); i++ {
			setRow(rv.Index(i))
		}
	case reflect.Struct:
		setRow(rv)
	}
}

// keyUpsert reports whether the create's ON CONFLICT is the one GORM
// writes when it saves has-one and has-many associations: a conflict on
// the primary key that sets some columns to their new values
// (clause.OnConflict{Columns: pk, DoUpdates: clause.AssignmentColumns}).
// It returns the columns to set.
func keyUpsert(stmt *gorm.Statement) ([]string, bool) {
	oc, ok := stmt.Clauses["ON CONFLICT"].Expression.(clause.OnConflict)
	if !ok || oc.DoNothing || oc.UpdateAll || len(oc.DoUpdates) == 0 || oc.OnConstraint != "" ||
		len(oc.Where.Exprs) > 0 || len(oc.TargetWhere.Exprs) > 0 || stmt.Schema == nil || len(stmt.Schema.PrimaryFieldDBNames) == 0 {
		return nil, false
	}
	if len(oc.Columns) > 0 {
		if len(oc.Columns) != len(stmt.Schema.PrimaryFieldDBNames) {
			return nil, false
		}
		for _, c := range oc.Columns {
			if !slices.Contains(stmt.Schema.PrimaryFieldDBNames, c.Name) {
				return nil, false
			}
		}
	}
	sets := make([]string, 0, len(oc.DoUpdates))
	for _, a := range oc.DoUpdates {
		if v, ok := a.Value.(clause.Column); !ok || v.Table != "excluded" || v.Name != a.Column.Name {
			return nil, false
		}
		sets = append(sets, a.Column.Name)
	}
	return sets, true
}

// updateExisting does the DO UPDATE part of keyUpsert's ON CONFLICT,
// which Tarantool lacks: each row with its whole primary key set gets an
// UPDATE of the sets columns by that key; the rows no UPDATE found are
// returned to be inserted (done when none is left). A row without its key
// cannot conflict on it: the server generates the key.
func updateExisting(db *gorm.DB, values clause.Values, sets []string) (_ clause.Values, updated int64, done bool) {
	stmt := db.Statement
	col := make(map[string]int, len(values.Columns))
	for i, c := range values.Columns {
		col[c.Name] = i
	}
	var assign, where strings.Builder
	setIdx := make([]int, len(sets))
	for i, name := range sets {
		j, ok := col[name]
		if !ok {
			return values, 0, false
		}
		setIdx[i] = j
		if i > 0 {
			assign.WriteString(", ")
		}
		assign.WriteString(quote(name) + " = ?")
	}
	pkIdx := make([]int, len(stmt.Schema.PrimaryFieldDBNames))
	for i, name := range stmt.Schema.PrimaryFieldDBNames {
		j, ok := col[name]
		if !ok {
			return values, 0, false // no row carries its key: all are inserts
		}
		pkIdx[i] = j
		if i > 0 {
			where.WriteString(" AND ")
		}
		where.WriteString(quote(name) + " = ?")
	}
	query := "UPDATE " + quote(stmt.Table) + " SET " + assign.String() + " WHERE " + where.String()
	inserts := values.Values[:0:0]
rows:
	for _, row := range values.Values {
		args := make([]any, 0, len(setIdx)+len(pkIdx))
		for _, j := range setIdx {
			args = append(args, row[j])
		}
		for _, j := range pkIdx {
			if v := row[j]; v == nil || isExpr(v) || reflect.ValueOf(v).IsZero() {
				inserts = append(inserts, row)
				continue rows
			}
			args = append(args, row[j])
		}
		res, err := stmt.ConnPool.ExecContext(stmt.Context, query, args...)
		if err != nil {
			db.AddError(err)
			return values, updated, true
		}
		if n, _ := res.RowsAffected(); n > 0 {
			updated += n
			continue
		}
		inserts = append(inserts, row)
	}
	values.Values = inserts
	return values, updated, len(inserts) == 0
}

// isExpr reports whether v is a SQL expression (DefaultValueOf's NULL).
func isExpr(v any) bool {
	_, ok := v.(clause.Expression)
	return ok
}
