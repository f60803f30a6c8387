package crud_test

import (
	"testing"

	"github.com/tntsql/tarantool/crud"
)

func TestPairs100k(t *testing.T) {
	if testing.Short() {
		t.Skip("100k tuples: not with -short")
	}
	c, _ := client(t)
	ctx := ctxT(t)
	const n = 100_000
	fill(t, c, n)

	it := c.Pairs(ctx, "customers", nil, crud.BatchSize(1000))
	count, maxPage := 0, 0
	var prev uint64
	for it.Next() {
		var cu Customer
		if err := it.Decode(&cu); err != nil {
			t.Fatal(err)
		}
		if cu.ID <= prev || cu.Name == "" {
			t.Fatalf("row %d: %+v after id %d (by primary key, ascending)", count, cu, prev)
		}
		prev = cu.ID
		count++
		maxPage = max(maxPage, crud.PageBytes(it))
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	if count != n {
		t.Fatalf("Pairs read %d rows, want %d", count, n)
	}
	// One page of 1000 rows of ~20 bytes, never the 100k (~2 MB).
	if maxPage > 256<<10 {
		t.Fatalf("the iterator held %d bytes at once: more than a page", maxPage)
	}
	t.Logf("100k rows in pages of 1000: at most %d bytes held", maxPage)

	// Conditions, First and After.
	it = c.Pairs(ctx, "customers", []crud.Condition{crud.Eq("age", 7)}, crud.BatchSize(100), crud.First(250))
	got := 0
	for it.Next() {
		var cu Customer
		if err := it.Decode(&cu); err != nil {
			t.Fatal(err)
		}
		if *cu.Age != 7 {
			t.Fatalf("row %+v: age is not 7", cu)
		}
		got++
	}
	if it.Err() != nil || got != 250 {
		t.Fatalf("First(250) over age = 7: %d rows, %v", got, it.Err())
	}
	it = c.Pairs(ctx, "customers", []crud.Condition{crud.Gt("id", n-10)}, crud.BatchSize(3))
	ids := []uint64{}
	for it.Next() {
		var cu Customer
		it.Decode(&cu)
		ids = append(ids, cu.ID)
	}
	if it.Err() != nil || len(ids) != 10 || ids[0] != n-9 || ids[9] != n {
		t.Fatalf("id > n-10 in pages of 3 (10 rows): %v %v", ids, it.Err())
	}
	if it := c.Pairs(ctx, "customers", nil, crud.First(-1)); it.Next() || it.Err() == nil {
		t.Fatal("a negative First was not refused")
	}
}
