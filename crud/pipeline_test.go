package crud_test

import (
	"context"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/crud"
)

// TestPipelinedResults keeps many requests in flight from one goroutine
// and reads them afterwards, through a Client over one box.Conn.
func TestPipelinedResults(t *testing.T) {
	_, cl := client(t)
	ctx := ctxT(t)
	dial, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := box.Connect(dial, cl.RouterDSN(1, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := crud.NewConn(conn)
	const n = 200
	writes := make([]crud.Result, n)
	for i := range writes {
		writes[i] = c.InsertObject(ctx, "customers", Customer{ID: uint64(1000 + i), Name: "p", Age: age(int64(i))})
	}
	for i, w := range writes {
		var got Customer
		if err := w.Decode(&got); err != nil || got.ID != uint64(1000+i) {
			t.Fatalf("write %d: %+v, %v", i, got, err)
		}
	}
	reads := make([]crud.Result, n)
	for i := range reads {
		reads[i] = c.Get(ctx, "customers", uint64(1000+i))
	}
	for i, r := range reads {
		var got Customer
		if err := r.Decode(&got); err != nil || *got.Age != int64(i) {
			t.Fatalf("read %d: %+v, %v", i, got, err)
		}
	}
	// A Result is read once.
	r := c.Get(ctx, "customers", uint64(1000))
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if err := r.Err(); err != crud.ErrConsumed {
		t.Fatalf("second read of a Result: %v, want ErrConsumed", err)
	}
	// Pairs with Fields pages on the rows it returns.
	it := c.Pairs(ctx, "customers", []crud.Condition{crud.Ge("id", 1000)}, crud.Fields("name"), crud.BatchSize(30))
	count := 0
	for it.Next() {
		var got Customer
		if err := it.Decode(&got); err != nil || got.Name != "p" || got.Age != nil {
			t.Fatalf("row %d: %+v, %v", count, got, err)
		}
		count++
	}
	if it.Err() != nil || count != n {
		t.Fatalf("Pairs with Fields: %d rows, %v", count, it.Err())
	}
}
