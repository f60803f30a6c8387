// Package tntgorm is a GORM (gorm.io/gorm v1.31) dialector for Tarantool
// SQL on the tntsql driver (github.com/tntsql/tarantool).
//
//	db, err := gorm.Open(tntgorm.Open("tarantool://app:s3cret@127.0.0.1:3301"), &gorm.Config{})
//
// The package is named tntgorm, not gorm, so that it does not hide
// gorm.io/gorm in the files that use both.
//
// What it does for Tarantool:
//
//   - Every identifier is double-quoted, so GORM's snake_case names are
//     stored as written on 2.x (which upper-cases unquoted names) and on
//     3.x alike; the migrator looks them up exactly in _vspace and _vindex.
//   - Open turns the session setting sql_seq_scan on unless the DSN sets
//     it: on 3.x a Find without a usable index is a full scan, which the
//     server refuses by default (a no-op before 2.11, where scans are
//     always allowed). New with a Conn leaves the pool as it is.
//   - On a server without interactive transactions (before 2.10)
//     Initialize sets gorm.Config.SkipDefaultTransaction, so plain creates,
//     updates and deletes run; db.Transaction there fails with the
//     driver's tarantool.ErrTxUnsupported.
//   - Created ids come from the server's autoincrement ids: every id of a
//     batch create, in order, also inside a transaction (the dialector runs
//     GORM's transactions on a dedicated connection so that it can read the
//     driver's tarantool.Result).
//   - Offset without Limit renders a LIMIT (Tarantool needs one);
//     clause.Locking is refused; clause.OnConflict{DoNothing: true} is
//     INSERT OR IGNORE, UpdateAll is INSERT OR REPLACE (rows with their
//     primary keys). A conflict on the primary key that sets columns to
//     their new values (Columns: the key, DoUpdates:
//     clause.AssignmentColumns), which GORM writes when it saves has-one
//     and has-many associations, runs as an UPDATE by key of each row that
//     carries its key, then one INSERT of the rows no UPDATE found (atomic
//     only inside a transaction). Any other ON CONFLICT is refused.
//   - Foreign keys: CreateTable adds an index on exactly the columns of
//     each foreign key it creates (2.10+ cannot delete a parent row
//     without one), also for many-to-many join tables.
//   - What Tarantool's ALTER cannot do (AlterColumn, DropColumn,
//     RenameIndex, ADD COLUMN on 2.6 or on a non-empty table, time.Time
//     before 2.10) is an error matching ErrUnsupported, never a no-op.
package tntgorm
