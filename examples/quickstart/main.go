// Command quickstart shows the driver's main uses against the Tarantool
// named by TARANTOOL_DSN: create a table, insert with positional and named
// parameters, query with metadata, use a prepared statement, and a
// transaction when the server has them (2.10+, with MVCC). Its queries
// use an index, so they run on 3.x without sql_seq_scan.
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"os"

	tarantool "github.com/tntsql/tarantool"
)

func main() {
	dsn := os.Getenv("TARANTOOL_DSN")
	if dsn == "" {
		dsn = "tarantool://guest@127.0.0.1:3301"
	}
	db, err := sql.Open("tarantool", dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		log.Fatal(err)
	}

	must(db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS fruit (
		id INTEGER PRIMARY KEY AUTOINCREMENT, name STRING NOT NULL, qty UNSIGNED)`))
	res := must(db.ExecContext(ctx, `INSERT INTO fruit (name, qty) VALUES (?, ?), (?, ?)`, "apple", 3, "pear", 5))
	id, _ := res.LastInsertId()
	fmt.Println("inserted 2 rows, last id", id)
	must(db.ExecContext(ctx, `INSERT INTO fruit (name, qty) VALUES (:name, :qty)`,
		sql.Named("name", "plum"), sql.Named("qty", uint64(18446744073709551615))))

	rows, err := db.QueryContext(ctx, `SELECT id, name, qty FROM fruit WHERE id > 0 ORDER BY id`)
	if err != nil {
		log.Fatal(err)
	}
	types, _ := rows.ColumnTypes()
	for _, ct := range types {
		nullable, _ := ct.Nullable()
		fmt.Printf("column %s %s nullable=%v\n", ct.Name(), ct.DatabaseTypeName(), nullable)
	}
	for rows.Next() {
		var id int64
		var name string
		var qty sql.Null[uint64]
		if err := rows.Scan(&id, &name, &qty); err != nil {
			log.Fatal(err)
		}
		fmt.Println(id, name, qty.V)
	}
	rows.Close()

	stmt, err := db.PrepareContext(ctx, `SELECT name FROM fruit WHERE id = ?`)
	if err != nil {
		log.Fatal(err)
	}
	var name string
	if err := stmt.QueryRowContext(ctx, 2).Scan(&name); err != nil {
		log.Fatal(err)
	}
	stmt.Close()
	fmt.Println("prepared statement found", name)

	tx, err := db.BeginTx(ctx, nil)
	switch {
	case errors.Is(err, tarantool.ErrTxUnsupported):
		fmt.Println("transactions:", err)
	case err != nil:
		log.Fatal(err)
	default:
		_, err := tx.ExecContext(ctx, `DELETE FROM fruit WHERE id = ?`, 2)
		if errors.Is(err, tarantool.ErrNoMVCC) {
			// The server runs without memtx_use_mvcc_engine = true.
			fmt.Println("transactions:", err)
		} else if err != nil {
			log.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			log.Fatal(err)
		}
		fmt.Println("transaction rolled back")
	}
	must(db.ExecContext(ctx, `DROP TABLE fruit`))
}

func must(r sql.Result, err error) sql.Result {
	if err != nil {
		log.Fatal(err)
	}
	return r
}
