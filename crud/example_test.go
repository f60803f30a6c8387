package crud_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/crud"
)

// Person is a row of the space customers: {id, bucket_id, name, age}. Its
// fields are matched by name, so their order is free.
type Person struct {
	Name     string `msgpack:"name"`
	Age      int    `msgpack:"age"`
	ID       uint64 `msgpack:"id"`
	BucketID uint64 `msgpack:"bucket_id"` // left zero on insert: crud computes it
}

// Connect to the routers of a vshard cluster, write, read and select.
func Example() {
	ctx := context.Background()
	// The routers: tarantool://user:password@router1:3301,router2:3302
	c, err := crud.Connect(ctx, os.Getenv("TARANTOOL_CRUD_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	c.Delete(ctx, "customers", uint64(7001)).Release()
	c.Delete(ctx, "customers", uint64(7002)).Release()
	var p Person
	if err := c.InsertObject(ctx, "customers", Person{ID: 7001, Name: "Elizabeth", Age: 24}).Decode(&p); err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Name, p.Age, p.BucketID > 0)

	if err := c.ReplaceObject(ctx, "customers", Person{ID: 7002, Name: "Mary", Age: 61}).Err(); err != nil {
		log.Fatal(err)
	}
	if err := c.Update(ctx, "customers", uint64(7002), box.NewOps().Add("age", 1)).Decode(&p); err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.Name, p.Age)

	var found []Person
	err = c.Select(ctx, "customers", []crud.Condition{crud.Ge("id", 7001), crud.Le("id", 7002)}).Decode(&found)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(found), found[0].Name, found[1].Name)

	err = c.InsertObject(ctx, "customers", Person{ID: 7001, Name: "again"}).Err()
	var ce *crud.Error
	fmt.Println(errors.As(err, &ce), ce.Class)
	// Output:
	// Elizabeth 24 true
	// Mary 62
	// 2 Elizabeth Mary
	// true InsertError
}

// Read a result of any size page by page.
func ExampleClient_Pairs() {
	ctx := context.Background()
	c, err := crud.Connect(ctx, os.Getenv("TARANTOOL_CRUD_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	for id := uint64(7101); id <= 7105; id++ {
		if err := c.ReplaceObject(ctx, "customers", Person{ID: id, Name: "p", Age: 99}).Err(); err != nil {
			log.Fatal(err)
		}
	}

	it := c.Pairs(ctx, "customers", []crud.Condition{crud.Ge("id", 7101), crud.Le("id", 7105)}, crud.BatchSize(2))
	n := 0
	for it.Next() {
		var p Person
		if err := it.Decode(&p); err != nil {
			log.Fatal(err)
		}
		n++
	}
	if err := it.Err(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "rows in pages of 2")
	// Output: 5 rows in pages of 2
}

// Insert a batch; the tuples that failed come back one error each.
func ExampleClient_InsertObjectMany() {
	ctx := context.Background()
	c, err := crud.Connect(ctx, os.Getenv("TARANTOOL_CRUD_DSN"))
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	for _, id := range []uint64{7201, 7202, 7203} {
		c.Delete(ctx, "customers", id).Release()
	}
	c.InsertObject(ctx, "customers", Person{ID: 7202, Name: "first"}).Release()

	var rows []Person
	err = c.InsertObjectMany(ctx, "customers", []Person{
		{ID: 7201, Name: "a"}, {ID: 7202, Name: "b"}, {ID: 7203, Name: "c"},
	}).Decode(&rows)
	var be *crud.BatchError
	if errors.As(err, &be) {
		for _, e := range be.Errors {
			fmt.Println(e.Class, e.OperationData.([]any)[2])
		}
	}
	fmt.Println(len(rows), "inserted")
	// Output:
	// CallError b
	// 2 inserted
}
