package tarantool_test

import (
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// benchDB opens a pool with a table of 1,000 rows, with the statement
// cache off: its texts go as text.
func benchDB(b *testing.B) *sql.DB {
	b.Helper()
	db := openDB(b, "statement_cache_capacity=0")
	db.SetMaxIdleConns(32)
	db.SetMaxOpenConns(32)
	db.Exec(`DROP TABLE IF EXISTS bench`)
	createTable(b, db, "bench", `id INTEGER PRIMARY KEY, name STRING, price DOUBLE`)
	for i := 1; i <= 1000; i++ {
		if _, err := db.Exec(`INSERT INTO bench VALUES (?, ?, ?)`, i, fmt.Sprintf("item-%d", i), float64(i)/3); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

type benchRow struct {
	id    int64
	name  string
	price float64
}

func BenchmarkPointSelect(b *testing.B) {
	db := benchDB(b)
	const q = `SELECT id, name, price FROM bench WHERE id = ?`
	direct := func(id any) *sql.Row { return db.QueryRow(q, id) }
	b.Run("direct/serial", func(b *testing.B) { pointSelectSerial(b, direct) })
	b.Run("direct/parallel", func(b *testing.B) { pointSelectParallel(b, direct) })
	stmt, err := db.Prepare(q)
	if err != nil {
		b.Fatal(err)
	}
	defer stmt.Close()
	prepared := func(id any) *sql.Row { return stmt.QueryRow(id) }
	b.Run("prepared/serial", func(b *testing.B) { pointSelectSerial(b, prepared) })
	b.Run("prepared/parallel", func(b *testing.B) { pointSelectParallel(b, prepared) })
	// The same text through the statement cache: prepared at its second
	// run, by id after.
	cached := openDB(b, "") // the statement cache is on by default
	cached.SetMaxIdleConns(32)
	cached.SetMaxOpenConns(32)
	viaCache := func(id any) *sql.Row { return cached.QueryRow(q, id) }
	b.Run("cached/serial", func(b *testing.B) { pointSelectSerial(b, viaCache) })
	b.Run("cached/parallel", func(b *testing.B) { pointSelectParallel(b, viaCache) })
}

// pointSelectSerial scans the rows query gives for ids 1..1000 in turn.
func pointSelectSerial(b *testing.B, query func(id any) *sql.Row) {
	var r benchRow
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := query(i%1000+1).Scan(&r.id, &r.name, &r.price); err != nil {
			b.Fatal(err)
		}
	}
}

// pointSelectParallel is pointSelectSerial from 16 × GOMAXPROCS goroutines.
func pointSelectParallel(b *testing.B, query func(id any) *sql.Row) {
	b.SetParallelism(16)
	b.ReportAllocs()
	var n atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		var r benchRow
		for pb.Next() {
			if err := query(n.Add(1)%1000+1).Scan(&r.id, &r.name, &r.price); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkInsert(b *testing.B) {
	db := openDB(b, "")
	db.SetMaxIdleConns(32)
	createTable(b, db, "bench_ins", `id INTEGER PRIMARY KEY, name STRING`)
	var id atomic.Int64
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := db.Exec(`INSERT INTO bench_ins VALUES (?, ?)`, id.Add(1), "name"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetParallelism(16)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := db.Exec(`INSERT INTO bench_ins VALUES (?, ?)`, id.Add(1), "name"); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

func BenchmarkScan1000(b *testing.B) {
	db := benchDB(b)
	scan := func() error {
		rows, err := db.Query(`SELECT id, name, price FROM bench WHERE id > 0`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var r benchRow
		n := 0
		for rows.Next() {
			if err := rows.Scan(&r.id, &r.name, &r.price); err != nil {
				return err
			}
			n++
		}
		if n != 1000 {
			return fmt.Errorf("scanned %d rows, want 1000", n)
		}
		return rows.Err()
	}
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := scan(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := scan(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkTx runs transactions of two point updates and a commit (each
// statement followed by the driver's MVCC probe in the same write), on
// the MVCC server.
func BenchmarkTx(b *testing.B) {
	db := openMVCCDB(b, "")
	db.SetMaxIdleConns(32)
	db.SetMaxOpenConns(32)
	db.Exec(`DROP TABLE IF EXISTS bench_tx`)
	createTable(b, db, "bench_tx", `id INTEGER PRIMARY KEY, n INTEGER`)
	for i := 1; i <= 1000; i++ {
		if _, err := db.Exec(`INSERT INTO bench_tx VALUES (?, 0)`, i); err != nil {
			b.Fatal(err)
		}
	}
	run := func(id int64) error {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		for _, k := range []int64{id%1000 + 1, (id+500)%1000 + 1} {
			if _, err := tx.Exec(`UPDATE bench_tx SET n = n + 1 WHERE id = ?`, k); err != nil {
				return err
			}
		}
		return tx.Commit()
	}
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := run(int64(i)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetParallelism(16)
		b.ReportAllocs()
		var n atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				// Concurrent transactions on the same rows may conflict.
				if err := run(n.Add(1)); err != nil && !errors.Is(err, iproto.ErTransactionConflict) {
					b.Error(err)
					return
				}
			}
		})
	})
}
