package tntgorm

import (
	"database/sql"
	"reflect"

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
	if stmt.SQL.Len() == 0 {
		stmt.SQL.Grow(180)
		stmt.AddClauseIfNotExists(clause.Insert{})
		stmt.AddClause(callbacks.ConvertToCreateValues(stmt))
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
