package crud_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/crud"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// Customer is a row of the harness's sharded space customers, {id,
// bucket_id, name, age}, in another order than the space's on purpose:
// crud rows decode by name.
type Customer struct {
	Name     string `msgpack:"name"`
	Age      *int64 `msgpack:"age"`
	ID       uint64 `msgpack:"id"`
	BucketID uint64 `msgpack:"bucket_id"`
}

// CustomerTuple is the same row in the space's field order, for the tuple
// forms (Insert, Replace, Upsert); its bucket_id field is named so, for
// crud to compute it when it is zero.
type CustomerTuple struct {
	ID       uint64
	BucketID uint64 `msgpack:"bucket_id"`
	Name     string
	Age      *int64
}

func age(n int64) *int64 { return &n }

// client connects to the shared cluster's routers and empties customers.
func client(t *testing.T) (*crud.Client, *tnttest.Cluster) {
	t.Helper()
	cl := tnttest.SharedCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := crud.Connect(ctx, cl.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Truncate(ctx, "customers"); err != nil {
		t.Fatal(err)
	}
	return c, cl
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestInsertObjectGet(t *testing.T) {
	c, cl := client(t)
	ctx := ctxT(t)
	var got Customer
	if err := c.InsertObject(ctx, "customers", Customer{ID: 1, Name: "Ann", Age: age(30)}).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.ID != 1 || got.Name != "Ann" || *got.Age != 30 || got.BucketID == 0 {
		t.Fatalf("inserted row = %+v; want the bucket id crud computed", got)
	}
	// The tuple is on the replica set its bucket maps to, and only there.
	rs, err := cl.StorageOf(got.BucketID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range cl.ReplicaSets {
		n, err := cl.CountOn(i, "customers")
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if i == rs {
			want = 1
		}
		if n != want {
			t.Fatalf("replica set %d holds %d tuples, want %d (bucket %d is on %d)", i, n, want, got.BucketID, rs)
		}
	}

	var back Customer
	if err := c.Get(ctx, "customers", uint64(1)).Decode(&back); err != nil {
		t.Fatal(err)
	}
	if back != (Customer{Name: "Ann", Age: back.Age, ID: 1, BucketID: got.BucketID}) || *back.Age != 30 {
		t.Fatalf("Get = %+v", back)
	}
	if err := c.Get(ctx, "customers", uint64(2)).Decode(&back); !errors.Is(err, crud.ErrNotFound) {
		t.Fatalf("Get of a missing key: %v, want ErrNotFound", err)
	}
	// Into Tuples and []any.
	ts, err := c.Get(ctx, "customers", uint64(1)).Tuples()
	if err != nil || len(ts) != 1 {
		t.Fatal(ts, err)
	}
	if v, ok := ts[0].Get("name"); !ok || v != "Ann" {
		t.Fatalf("Tuple.Get(name) = %v %v", v, ok)
	}
	var raw [][]any
	if err := c.Get(ctx, "customers", uint64(1)).Decode(&raw); err != nil || len(raw) != 1 || raw[0][2] != "Ann" {
		t.Fatalf("[]any rows = %v, %v", raw, err)
	}
	// A map object, and Fields.
	if err := c.InsertObject(ctx, "customers", map[string]any{"id": 2, "name": "Bob"}).Err(); err != nil {
		t.Fatal(err)
	}
	names, err := c.Get(ctx, "customers", 2, crud.Fields("id", "name")).Tuples()
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 || names[0].Map()["name"] != "Bob" {
		t.Fatalf("Fields: %v", names)
	}
	if _, has := names[0].Map()["age"]; has {
		t.Fatalf("Fields(id, name) returned age: %v", names[0].Map())
	}
}

func TestTupleFormsUpdateDelete(t *testing.T) {
	c, _ := client(t)
	ctx := ctxT(t)
	var got Customer
	if err := c.Insert(ctx, "customers", CustomerTuple{ID: 10, Name: "Cy", Age: age(20)}).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.BucketID == 0 || got.Name != "Cy" {
		t.Fatalf("Insert = %+v", got)
	}
	if err := c.Insert(ctx, "customers", []any{11, nil, "Di", 21}).Err(); err != nil {
		t.Fatal(err)
	}
	// A duplicate is crud's InsertError, with the server's message.
	err := c.Insert(ctx, "customers", []any{11, nil, "Di", 21}).Err()
	var ce *crud.Error
	if !errors.As(err, &ce) || ce.Class != "InsertError" {
		t.Fatalf("duplicate insert: %v (%T), want an InsertError", err, err)
	}
	if err := c.Replace(ctx, "customers", CustomerTuple{ID: 11, Name: "Dee"}).Decode(&got); err != nil || got.Name != "Dee" || got.Age != nil {
		t.Fatalf("Replace = %+v, %v", got, err)
	}
	if err := c.ReplaceObject(ctx, "customers", Customer{ID: 12, Name: "Ed", Age: age(40)}).Decode(&got); err != nil || got.Name != "Ed" {
		t.Fatalf("ReplaceObject = %+v, %v", got, err)
	}
	// Update by name and by box's 0-based field number (3 is age).
	if err := c.Update(ctx, "customers", 12, box.NewOps().Assign("name", "Eddie").Add(3, 2)).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.Name != "Eddie" || *got.Age != 42 {
		t.Fatalf("Update = %+v", got)
	}
	// Upsert: the first inserts, the second applies its operations.
	for i := 0; i < 2; i++ {
		if err := c.Upsert(ctx, "customers", []any{13, nil, "Flo", 1}, box.NewOps().Add("age", 10)).Err(); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.UpsertObject(ctx, "customers", Customer{ID: 13, Name: "x", Age: age(0)}, box.NewOps().Assign("name", "Flora")).Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.Get(ctx, "customers", 13).Decode(&got); err != nil || got.Name != "Flora" || *got.Age != 11 {
		t.Fatalf("after upserts: %+v, %v", got, err)
	}
	if err := c.Delete(ctx, "customers", 13).Decode(&got); err != nil || got.ID != 13 {
		t.Fatalf("Delete = %+v, %v", got, err)
	}
	if err := c.Get(ctx, "customers", 13).Decode(&got); !errors.Is(err, crud.ErrNotFound) {
		t.Fatalf("after Delete: %v", err)
	}
	// NoReturn: no row comes back.
	var rows []Customer
	if err := c.InsertObject(ctx, "customers", Customer{ID: 14, Name: "G"}, crud.NoReturn()).Decode(&rows); err != nil || len(rows) != 0 {
		t.Fatalf("NoReturn: %v %v", rows, err)
	}
	// An explicit bucket id is used as given.
	if err := c.InsertObject(ctx, "customers", Customer{ID: 15, Name: "H"}, crud.BucketID(7)).Decode(&got); err != nil || got.BucketID != 7 {
		t.Fatalf("BucketID(7): %+v %v", got, err)
	}
	if err := c.Get(ctx, "customers", 15, crud.BucketID(7)).Decode(&got); err != nil || got.Name != "H" {
		t.Fatalf("Get with BucketID: %+v %v", got, err)
	}
}

// fill inserts n customers, id 1..n, age id%100, in batches.
func fill(t *testing.T, c *crud.Client, n int) {
	t.Helper()
	ctx := ctxT(t)
	const batch = 1000
	for from := 1; from <= n; from += batch {
		var objs []Customer
		for id := from; id < from+batch && id <= n; id++ {
			objs = append(objs, Customer{ID: uint64(id), Name: fmt.Sprint("c", id), Age: age(int64(id % 100))})
		}
		if err := c.InsertObjectMany(ctx, "customers", objs, crud.NoReturn()).Err(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSelect(t *testing.T) {
	c, cl := client(t)
	ctx := ctxT(t)
	fill(t, c, 300)
	var rows []Customer
	if err := c.Select(ctx, "customers", []crud.Condition{crud.Ge("age", 90)}).Decode(&rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 30 {
		t.Fatalf("age >= 90: %d rows, want 30", len(rows))
	}
	for i, r := range rows {
		if *r.Age < 90 || (i > 0 && *r.Age < *rows[i-1].Age) {
			t.Fatalf("row %d: %+v (by the age index, ascending, all >= 90)", i, r)
		}
	}
	// Conditions combine; First and After page.
	conds := []crud.Condition{crud.Gt("id", 100), crud.Le("id", 150), crud.Lt("age", 50)}
	var page1, page2 []Customer
	if err := c.Select(ctx, "customers", conds, crud.First(10)).Decode(&page1); err != nil || len(page1) != 10 {
		t.Fatalf("first page: %d %v", len(page1), err)
	}
	last := page1[9]
	if err := c.Select(ctx, "customers", conds, crud.First(100), crud.After([]any{last.ID, last.BucketID, last.Name, last.Age})).Decode(&page2); err != nil {
		t.Fatal(err)
	}
	// ids 101..149 have age < 50: 49 rows, 10 in the first page.
	if len(page2) != 39 || page2[0].ID != last.ID+1 {
		t.Fatalf("after id %d: %d rows from %+v; want 39 from id %d", last.ID, len(page2), page2[:1], last.ID+1)
	}
	// The read options go through to crud: each is accepted and answers
	// the same. PreferReplica and Balance read from replicas, which apply
	// fill's writes (and the truncate before them) asynchronously.
	if err := cl.WaitReplicated(); err != nil {
		t.Fatal(err)
	}
	for _, o := range [][]crud.Option{
		{crud.Mode(crud.Write)}, {crud.PreferReplica()}, {crud.Balance()}, {crud.Timeout(5 * time.Second)},
		{crud.BatchSize(7)}, {crud.Fullscan()}, {crud.YieldEvery(10)}, {crud.ForceMapCall()}, {crud.FetchLatestMetadata()},
		{crud.RequestTimeout(time.Second)},
	} {
		var got []Customer
		if err := c.Select(ctx, "customers", []crud.Condition{crud.Eq("age", 42)}, o...).Decode(&got); err != nil || len(got) != 3 {
			t.Fatalf("options %v: %d rows, %v; want 3", o, len(got), err)
		}
	}
	// BucketID narrows the select to one bucket.
	var one Customer
	if err := c.Get(ctx, "customers", 42).Decode(&one); err != nil {
		t.Fatal(err)
	}
	var inBucket []Customer
	if err := c.Select(ctx, "customers", []crud.Condition{crud.Eq("id", 42)}, crud.BucketID(one.BucketID)).Decode(&inBucket); err != nil || len(inBucket) != 1 {
		t.Fatalf("BucketID select: %v %v", inBucket, err)
	}
	// Fields: only those (and the scanned index's and primary key's).
	part, err := c.Select(ctx, "customers", []crud.Condition{crud.Eq("id", 42)}, crud.Fields("id", "name")).Tuples()
	if err != nil || len(part) != 1 || len(part[0].Values) != 2 {
		t.Fatalf("Fields: %v %v", part, err)
	}
	var named []Customer
	if err := c.Select(ctx, "customers", []crud.Condition{crud.Eq("id", 42)}, crud.Fields("name")).Decode(&named); err != nil || len(named) != 1 || named[0].Name != "c42" || named[0].Age != nil {
		t.Fatalf("Fields(name) into a struct: %+v %v", named, err)
	}
	// An unknown option is crud's error, not ignored.
	err = c.Select(ctx, "customers", nil, crud.Opt("no_such_option", 1)).Err()
	var ce *crud.Error
	if !errors.As(err, &ce) {
		t.Fatalf("unknown option: %v", err)
	}

	// Count, Len, Min, Max.
	if n, err := c.Count(ctx, "customers", []crud.Condition{crud.Ge("age", 90)}); err != nil || n != 30 {
		t.Fatalf("Count = %d, %v", n, err)
	}
	if n, err := c.Len(ctx, "customers"); err != nil || n != 300 {
		t.Fatalf("Len = %d, %v", n, err)
	}
	var lo, hi Customer
	if err := c.Min(ctx, "customers", "age").Decode(&lo); err != nil || *lo.Age != 0 {
		t.Fatalf("Min(age) = %+v %v", lo, err)
	}
	if err := c.Max(ctx, "customers", "pk").Decode(&hi); err != nil || hi.ID != 300 {
		t.Fatalf("Max(pk) = %+v %v", hi, err)
	}
	// Truncate empties every storage.
	if err := c.Truncate(ctx, "customers"); err != nil {
		t.Fatal(err)
	}
	if n, err := c.Len(ctx, "customers"); err != nil || n != 0 {
		t.Fatalf("Len after Truncate = %d, %v", n, err)
	}
}

// clientOf connects to the routers dsn names.
func clientOf(t *testing.T, dsn string) *crud.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := crud.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestLeastPrivilege works as a user with only execute on universe on the
// routers, as the README sets an application up.
func TestLeastPrivilege(t *testing.T) {
	_, cl := client(t)
	c := clientOf(t, cl.AppDSN(""))
	ctx := ctxT(t)
	var got Customer
	if err := c.InsertObject(ctx, "customers", Customer{ID: 500, Name: "app"}).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if err := c.Get(ctx, "customers", 500).Decode(&got); err != nil || got.Name != "app" {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	var rows []Customer
	if err := c.Select(ctx, "customers", []crud.Condition{crud.Eq("id", 500)}).Decode(&rows); err != nil || len(rows) != 1 {
		t.Fatalf("Select = %v, %v", rows, err)
	}
}
