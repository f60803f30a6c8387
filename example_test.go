package tarantool_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"

	tarantool "github.com/tntsql/tarantool"
)

func ExampleParseDSN() {
	cfg, err := tarantool.ParseDSN("tarantool://app:s3cret@db.example:3301?connect_timeout=2s&txn_isolation=read_committed")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cfg.Address, cfg.User, cfg.ConnectTimeout, cfg.TxnIsolation)
	fmt.Println(cfg) // the password is masked
	// Output:
	// db.example:3301 app 2s read_committed
	// tarantool://app:xxxxx@db.example:3301?connect_timeout=2s&txn_isolation=read_committed
}

// Open a pool with sql.Open and query it.
func Example_open() {
	db, err := sql.Open("tarantool", "tarantool://app:s3cret@127.0.0.1:3301")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT id, name FROM items WHERE price > ?`, 10.0)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			log.Fatal(err)
		}
		fmt.Println(id, name)
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
}

// Build the configuration in code and open the pool with sql.OpenDB.
func ExampleNewConnector() {
	cfg := tarantool.NewConfig()
	cfg.Address, cfg.User, cfg.Password = "127.0.0.1:3301", "app", "s3cret"
	connector, err := tarantool.NewConnector(cfg)
	if err != nil {
		log.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
}

// Named parameters bind with the prefix the SQL text uses: :name, @name or $name.
func Example_namedParameters() {
	db, _ := sql.Open("tarantool", "tarantool://app:s3cret@127.0.0.1:3301")
	defer db.Close()
	_, err := db.Exec(`UPDATE items SET price = :price WHERE name = :name`,
		sql.Named("name", "tea"), sql.Named("price", 2.5))
	if err != nil {
		log.Fatal(err)
	}
}

// A prepared statement lives on the server until Close.
func Example_prepare() {
	db, _ := sql.Open("tarantool", "tarantool://app:s3cret@127.0.0.1:3301")
	defer db.Close()
	stmt, err := db.Prepare(`SELECT name FROM items WHERE id = ?`)
	if err != nil {
		log.Fatal(err)
	}
	defer stmt.Close()
	var name string
	if err := stmt.QueryRow(1).Scan(&name); err != nil {
		log.Fatal(err)
	}
}

// Transactions are IPROTO stream transactions (Tarantool 2.10+).
func Example_transaction() {
	db, _ := sql.Open("tarantool", "tarantool://app:s3cret@127.0.0.1:3301")
	defer db.Close()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		log.Fatal(err) // on Tarantool before 2.10: errors.Is(err, tarantool.ErrTxUnsupported)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE items SET price = price * 2`); err != nil {
		log.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		log.Fatal(err)
	}
}

// Conn.Raw reaches the driver's connection: every autoincrement id of a
// multi-row INSERT, or the iproto connection for package box.
func Example_raw() {
	db, _ := sql.Open("tarantool", "tarantool://app:s3cret@127.0.0.1:3301")
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		res, err := dc.(*tarantool.Conn).Exec(ctx, `INSERT INTO items(name) VALUES (?), (?)`, "a", "b")
		if err != nil {
			return err
		}
		fmt.Println(res.AutoincrementIDs())
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
}
