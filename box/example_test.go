package box_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"

	_ "github.com/tntsql/tarantool" // the database/sql driver, for ExampleNewConn
	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Pair is a tuple of the kv space: {k unsigned, v string}.
type Pair struct {
	K uint64
	V string
}

// Connect, write a tuple and read it back into a struct, by space and
// index name.
func Example() {
	ctx := context.Background()
	c, err := box.Connect(ctx, os.Getenv("TARANTOOL_DSN")) // tarantool://user:pass@host:3301
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	if err := c.Replace(ctx, "kv", Pair{9000001, "hello"}).Err(); err != nil {
		log.Fatal(err)
	}
	var p Pair
	if err := c.Get(ctx, "kv", "pk", uint64(9000001), &p); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", p)
	// Output: {K:9000001 V:hello}
}

// Select a range of an index with an iterator and a limit.
func ExampleConn_Select() {
	ctx := context.Background()
	c, err := box.Connect(ctx, os.Getenv("TARANTOOL_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	for k := uint64(9000010); k < 9000015; k++ {
		c.Replace(ctx, "kv", []any{k, fmt.Sprint("v", k)}).Release()
	}
	var rows []Pair
	err = c.Select(ctx, "kv", "pk", uint64(9000012), &box.SelectOpts{Iterator: box.Ge, Limit: 2}).Decode(&rows)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rows)
	// Output: [{9000012 v9000012} {9000013 v9000013}]
}

// Update fields by name and by number with an operations list.
func ExampleOps() {
	ctx := context.Background()
	c, err := box.Connect(ctx, os.Getenv("TARANTOOL_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	c.Replace(ctx, "kv", []any{uint64(9000020), "abc"}).Release()

	var p Pair
	err = c.Update(ctx, "kv", "pk", uint64(9000020), box.NewOps().Splice("v", 1, 1, "XYZ")).Decode(&p)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.V)
	// Output: aXYZc
}

// Call a stored function and decode its return values.
func ExampleConn_Call() {
	ctx := context.Background()
	c, err := box.Connect(ctx, os.Getenv("TARANTOOL_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	var n int
	var s string
	if err := c.Call(ctx, "echo", 42, "answer").Decode(&n, &s); err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, s)

	// Lua runs with its arguments as "...".
	var sum int
	if err := c.Eval(ctx, "local a, b = ... return a + b", 2, 3).Decode(&sum); err != nil {
		log.Fatal(err)
	}
	fmt.Println(sum)
	// Output:
	// 42 answer
	// 5
}

// Put many requests in flight from one goroutine: each Result is sent
// when the method returns and waited for when it is read.
func ExampleResult() {
	ctx := context.Background()
	c, err := box.Connect(ctx, os.Getenv("TARANTOOL_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	results := make([]box.Result, 3)
	for i := range results {
		results[i] = c.Call(ctx, "echo", i*10)
	}
	for _, r := range results {
		var v int
		if err := r.Decode(&v); err != nil {
			log.Fatal(err)
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
	// Output: 0 10 20
}

// Run SQL and read rows into structs, with the column metadata.
func ExampleConn_Execute() {
	ctx := context.Background()
	c, err := box.Connect(ctx, os.Getenv("TARANTOOL_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	// Quoted names keep their case on every version (2.x upper-cases
	// unquoted ones, 3.x keeps them as written).
	res := c.Execute(ctx, `SELECT 1 AS "one", 'two' AS "two"`)
	for _, col := range res.Columns() {
		fmt.Print(col.Name, ":", col.Type, " ")
	}
	var row struct {
		One int
		Two string
	}
	if err := res.Decode(&row); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", row)
	// Output: one:integer two:string {One:1 Two:two}
}

// Run a transaction in a stream (Tarantool 2.10+).
func ExampleConn_NewStream() {
	ctx := context.Background()
	c, err := box.Connect(ctx, os.Getenv("TARANTOOL_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	st, err := c.NewStream(ctx) // *engine.UnsupportedError before 2.10
	if err != nil {
		log.Fatal(err)
	}
	if err := st.Begin(ctx, &box.TxOptions{Isolation: iproto.IsolationReadCommitted}); err != nil {
		log.Fatal(err)
	}
	if err := st.Replace(ctx, "kv", Pair{9000030, "in a transaction"}).Err(); err != nil {
		st.Rollback(ctx)
		log.Fatal(err)
	}
	if err := st.Commit(ctx); err != nil {
		log.Fatal(err)
	}
}

// Use box on a connection of a database/sql pool.
func ExampleNewConn() {
	ctx := context.Background()
	db, err := sql.Open("tarantool", os.Getenv("TARANTOOL_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		// dc is a *tarantool.Conn.
		c := box.NewConn(dc.(interface{ EngineConn() *engine.Conn }).EngineConn())
		defer c.Close() // does not close the borrowed connection
		return c.Replace(ctx, "kv", Pair{9000040, "via database/sql"}).Err()
	})
	if err != nil {
		log.Fatal(err)
	}
}
