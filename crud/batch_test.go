package crud_test

import (
	"errors"
	"sort"
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/crud"
)

func TestBatchOperations(t *testing.T) {
	c, _ := client(t)
	ctx := ctxT(t)
	var rows []Customer
	if err := c.InsertMany(ctx, "customers", []CustomerTuple{{ID: 1, Name: "a"}, {ID: 2, Name: "b"}}).Decode(&rows); err != nil || len(rows) != 2 {
		t.Fatalf("InsertMany: %v %v", rows, err)
	}
	// Two duplicates and one new: the new one is inserted, each
	// duplicate is an error carrying its tuple.
	rows = nil
	err := c.InsertObjectMany(ctx, "customers", []Customer{{ID: 1, Name: "dup"}, {ID: 3, Name: "c"}, {ID: 2, Name: "dup"}}).Decode(&rows)
	var be *crud.BatchError
	if !errors.As(err, &be) || len(be.Errors) != 2 {
		t.Fatalf("InsertObjectMany with duplicates: %v, want a BatchError of 2", err)
	}
	if len(rows) != 1 || rows[0].ID != 3 {
		t.Fatalf("rows that succeeded: %+v", rows)
	}
	var failed []uint64
	for _, e := range be.Errors {
		if e.Class == "" || e.Message == "" {
			t.Fatalf("error without class or message: %+v", e)
		}
		od, ok := e.OperationData.([]any)
		if !ok || len(od) < 3 || od[2] != "dup" {
			t.Fatalf("OperationData = %#v, want the failed tuple", e.OperationData)
		}
		id, _ := od[0].(uint64)
		if id == 0 {
			i, _ := od[0].(int64)
			id = uint64(i)
		}
		failed = append(failed, id)
	}
	sort.Slice(failed, func(i, j int) bool { return failed[i] < failed[j] })
	if failed[0] != 1 || failed[1] != 2 {
		t.Fatalf("failed ids = %v, want [1 2]", failed)
	}
	var ce *crud.Error
	if !errors.As(err, &ce) {
		t.Fatal("errors.As finds no *Error in a BatchError")
	}

	// ReplaceMany and ReplaceObjectMany overwrite.
	if err := c.ReplaceMany(ctx, "customers", [][]any{{1, nil, "A", 1}, {4, nil, "D", 4}}).Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.ReplaceObjectMany(ctx, "customers", []map[string]any{{"id": 2, "name": "B"}, {"id": 5, "name": "E"}}).Err(); err != nil {
		t.Fatal(err)
	}
	// UpsertMany and UpsertObjectMany: insert new, update existing.
	if err := c.UpsertMany(ctx, "customers", []crud.TupleOps{
		{Tuple: []any{1, nil, "x", 1}, Ops: box.NewOps().Add("age", 100)},
		{Tuple: []any{6, nil, "F", 6}, Ops: box.NewOps().Add("age", 100)},
	}).Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.UpsertObjectMany(ctx, "customers", []crud.ObjectOps{
		{Object: Customer{ID: 2, Name: "x"}, Ops: box.NewOps().Assign("name", "Bee")},
		{Object: Customer{ID: 7, Name: "G", Age: age(7)}, Ops: box.NewOps().Assign("name", "never")},
	}).Err(); err != nil {
		t.Fatal(err)
	}
	var all []Customer
	if err := c.Select(ctx, "customers", nil, crud.Fullscan()).Decode(&all); err != nil {
		t.Fatal(err)
	}
	want := map[uint64]string{1: "A", 2: "Bee", 3: "c", 4: "D", 5: "E", 6: "F", 7: "G"}
	if len(all) != len(want) {
		t.Fatalf("rows = %+v", all)
	}
	for _, r := range all {
		if want[r.ID] != r.Name {
			t.Fatalf("row %d = %+v, want name %q", r.ID, r, want[r.ID])
		}
		if r.ID == 1 && *r.Age != 101 {
			t.Fatalf("row 1 = %+v, want age 101 after the upsert", r)
		}
	}

	// StopOnError: nothing after the first failure is tried.
	err = c.InsertMany(ctx, "customers", [][]any{{1, nil, "dup", 0}, {8, nil, "h", 0}}, crud.StopOnError(), crud.RollbackOnError()).Err()
	if !errors.As(err, &be) {
		t.Fatalf("StopOnError: %v", err)
	}
	var none Customer
	if err := c.Get(ctx, "customers", 1).Decode(&none); err != nil || none.Name != "A" {
		t.Fatalf("row 1 after a failed batch: %+v %v", none, err)
	}
	// A batch that is not a slice is refused before it is sent.
	if err := c.InsertMany(ctx, "customers", Customer{ID: 9}).Err(); err == nil {
		t.Fatal("InsertMany of a struct: no error")
	}
}
