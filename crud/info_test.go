package crud_test

import (
	"testing"
)

func TestStorageInfoAndStats(t *testing.T) {
	c, cl := client(t)
	ctx := ctxT(t)
	info, err := c.StorageInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	storages, masters := 0, 0
	for id, st := range info {
		if st.Status != "running" {
			t.Fatalf("storage %s: %+v", id, st)
		}
		storages++
		if st.IsMaster {
			masters++
		}
	}
	if want := 2 * len(cl.ReplicaSets); storages != want || masters != len(cl.ReplicaSets) {
		t.Fatalf("storage info: %d storages, %d masters; want %d and %d: %+v", storages, masters, want, len(cl.ReplicaSets), info)
	}

	// Stats of one router: a Client over one router's DSN.
	one := clientOf(t, cl.RouterDSN(0, ""))
	before, err := one.Stats(ctx, "customers")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		one.Get(ctx, "customers", 12345).Release()
	}
	if _, err := one.Count(ctx, "customers", nil); err != nil {
		t.Fatal(err)
	}
	after, err := one.Stats(ctx, "customers")
	if err != nil {
		t.Fatal(err)
	}
	if got := after["get"].OK.Count - before["get"].OK.Count; got != 3 {
		t.Fatalf("get count grew by %d, want 3: %+v", got, after["get"])
	}
	if after["count"].OK.Count == 0 || after["get"].OK.Time <= 0 {
		t.Fatalf("stats = %+v", after)
	}
}
