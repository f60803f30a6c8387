package tntgorm

import (
	"fmt"
	"math"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// clauseBuilders returns the builders of the clauses Tarantool writes its
// own way.
func clauseBuilders() map[string]clause.ClauseBuilder {
	return map[string]clause.ClauseBuilder{
		"LIMIT":       buildLimit,
		"FOR":         buildLocking,
		"INSERT":      buildInsert,
		"ON CONFLICT": buildOnConflict,
	}
}

// buildLimit writes LIMIT and OFFSET; an OFFSET without a LIMIT gets the
// largest LIMIT the server takes with it (Tarantool needs a LIMIT for an
// OFFSET, and refuses a sum of both above MaxInt64).
func buildLimit(c clause.Clause, b clause.Builder) {
	l, ok := c.Expression.(clause.Limit)
	if !ok {
		c.Build(b)
		return
	}
	hasLimit := l.Limit != nil && *l.Limit >= 0
	if !hasLimit && l.Offset <= 0 {
		return
	}
	b.WriteString("LIMIT ")
	if hasLimit {
		b.WriteString(strconv.Itoa(*l.Limit))
	} else {
		b.WriteString(strconv.FormatInt(math.MaxInt64-int64(l.Offset), 10))
	}
	if l.Offset > 0 {
		b.WriteString(" OFFSET ")
		b.WriteString(strconv.Itoa(l.Offset))
	}
}

// buildLocking refuses clause.Locking: Tarantool SQL has no SELECT ... FOR.
func buildLocking(c clause.Clause, b clause.Builder) {
	if l, ok := c.Expression.(clause.Locking); ok || c.Expression == nil {
		b.AddError(fmt.Errorf("%w: clause.Locking (SELECT ... FOR %s): Tarantool SQL has no row locks; use a transaction (2.10+, MVCC)", ErrUnsupported, l.Strength))
		return
	}
	c.Build(b)
}

// buildInsert writes INSERT, as INSERT OR IGNORE for
// clause.OnConflict{DoNothing: true} and INSERT OR REPLACE for
// clause.OnConflict{UpdateAll: true}.
func buildInsert(c clause.Clause, b clause.Builder) {
	if ins, ok := c.Expression.(clause.Insert); ok && ins.Modifier == "" {
		if stmt, ok := b.(*gorm.Statement); ok {
			if oc, ok := stmt.Clauses["ON CONFLICT"].Expression.(clause.OnConflict); ok {
				switch {
				case oc.DoNothing:
					ins.Modifier = "OR IGNORE"
				case oc.UpdateAll:
					ins.Modifier = "OR REPLACE"
				}
				c.Expression = ins
			}
		}
	}
	c.Build(b)
}

// buildOnConflict writes nothing for the ON CONFLICT forms buildInsert
// maps, and refuses the others that reach it (the create callback runs
// the primary-key upsert of keyUpsert itself, except in DryRun): a
// DO UPDATE on another target, of values, with a WHERE. Tarantool has no
// ON CONFLICT clause.
func buildOnConflict(c clause.Clause, b clause.Builder) {
	oc, ok := c.Expression.(clause.OnConflict)
	if !ok {
		c.Build(b)
		return
	}
	if oc.DoNothing || oc.UpdateAll {
		return
	}
	b.AddError(fmt.Errorf("%w: ON CONFLICT DO UPDATE: Tarantool has only INSERT OR IGNORE (clause.OnConflict{DoNothing: true}), INSERT OR REPLACE (clause.OnConflict{UpdateAll: true}, rows with their primary keys), and tntgorm runs a conflict on the primary key that sets columns to their new values (clause.AssignmentColumns) as UPDATE by key, else INSERT", ErrUnsupported))
}
