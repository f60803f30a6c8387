package box_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

func TestSchemaInspection(t *testing.T) {
	s := tnttest.Require(t)
	c := connect(t, s, "")
	sch, err := c.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	kv, ok := sch.Space("kv")
	if !ok {
		t.Fatal("no space kv")
	}
	if byID, ok := sch.SpaceByID(kv.ID); !ok || byID != kv {
		t.Errorf("SpaceByID(%d) = %v", kv.ID, byID)
	}
	if kv.Engine != "memtx" || len(kv.Fields) != 2 ||
		kv.Fields[0] != (box.Field{Name: "k", Type: "unsigned"}) ||
		kv.Fields[1] != (box.Field{Name: "v", Type: "string", IsNullable: true}) {
		t.Errorf("kv: engine %q fields %+v", kv.Engine, kv.Fields)
	}
	if n, ok := kv.FieldNo("v"); !ok || n != 1 {
		t.Errorf("FieldNo(v) = %d %v", n, ok)
	}
	pk, ok := kv.Index("pk")
	// pk was created from Lua with simple parts (the short form in
	// _vindex); by_v with a nullable part (the long form).
	if !ok || pk.ID != 0 || !pk.Unique || pk.Type != "tree" || len(pk.Parts) != 1 || pk.Parts[0] != (box.Part{Field: 0, Type: "unsigned"}) {
		t.Errorf("pk: %+v", pk)
	}
	byV, ok := kv.Index("by_v")
	if !ok || byV.ID != 1 || byV.Unique || len(byV.Parts) != 1 || byV.Parts[0] != (box.Part{Field: 1, Type: "string", IsNullable: true}) {
		t.Errorf("by_v: %+v", byV)
	}
	if ix, ok := kv.IndexByID(1); !ok || ix != byV {
		t.Errorf("IndexByID(1) = %v", ix)
	}
	itemsName := tnttest.SQLName(s.Version, "items")
	items, ok := sch.Space(itemsName)
	if !ok || len(items.Indexes()) != 1 || items.Indexes()[0].Parts[0].Type != "integer" {
		t.Errorf("%s (an SQL table): %+v", itemsName, items)
	}
	if len(sch.Spaces()) < 3 {
		t.Errorf("Spaces() = %d spaces", len(sch.Spaces()))
	}
}

// TestSchemaRefetchAfterDDL changes the schema from another connection and
// checks that requests by name follow: a new space is found, and a space
// dropped and created again under the same name (with a new id and
// format) is used with its new id, the stale request being resent once.
func TestSchemaRefetchAfterDDL(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	admin := connect(t, s, "fetch_schema=false")
	name := fmt.Sprintf("refetch_%d", nextKey())
	const create = `
		local sp = box.schema.space.create(name, {format = {{name = 'id', type = 'unsigned'}, {name = 'gen', type = 'unsigned'}}})
		sp:create_index('primary')
		sp:insert{1, n}
		return sp.id`
	var id1, id2 uint32
	if err := admin.Eval(ctx, "local name, n = ..."+create, name, 1).Decode(&id1); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Eval(ctx, "box.space[...]:drop()", name).Release() })

	var row struct{ ID, Gen uint64 }
	if err := c.Get(ctx, name, "primary", 1, &row); err != nil || row.Gen != 1 {
		t.Fatalf("space created by another connection: got %+v %v", row, err)
	}
	before, _ := c.Schema(ctx)

	// Drop it and create it again; a filler space takes the old id first
	// so that the new one differs.
	const recreate = `local name, n = ...
		box.space[name]:drop()
		box.schema.space.create(name .. '_filler')`
	if err := admin.Eval(ctx, recreate+create, name, 2).Decode(&id2); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Eval(ctx, "box.space[... .. '_filler']:drop()", name).Release() })
	if id1 == id2 {
		t.Fatalf("the space kept id %d", id1)
	}
	// c has not seen a reply since: its first request by name goes out
	// with the old schema version, is refused, and is resent.
	if err := c.Get(ctx, name, "primary", 1, &row); err != nil || row.Gen != 2 {
		t.Fatalf("after drop and create: got %+v %v", row, err)
	}
	after, _ := c.Schema(ctx)
	if after.Version == before.Version {
		t.Errorf("schema version still %d after DDL", after.Version)
	}
	if sp, _ := after.Space(name); sp == nil || sp.ID != id2 {
		t.Errorf("space %s after refetch: %v, want id %d", name, sp, id2)
	}

	// A manual refetch.
	if _, err := admin.Eval(ctx, "box.space[...]:create_index('by_gen', {parts = {'gen'}, unique = false})", name).Values(); err != nil {
		t.Fatal(err)
	}
	sch, err := c.RefetchSchema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sp, _ := sch.Space(name); sp == nil {
		t.Fatal("space missing after refetch")
	} else if _, ok := sp.Index("by_gen"); !ok {
		t.Error("RefetchSchema did not see the new index")
	}
	// A request by id skips the version check.
	if err := c.Select(ctx, id2, 0, 1, nil).Decode(&row); err != nil || row.Gen != 2 {
		t.Errorf("select by id: %+v %v", row, err)
	}
}

// TestSchemaVersionSent checks the mechanism the refetch rests on: a
// request sent with a stale schema version is refused unexecuted.
func TestSchemaVersionSent(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	ic := c.EngineConn()
	_, err := ic.DoOpts(ctx, iproto.Ping{}, &engine.CallOptions{SchemaVersion: ic.SchemaVersion() + 1000})
	if !errors.Is(err, iproto.ErWrongSchemaVersion) {
		t.Errorf("stale version: got %v, want ER_WRONG_SCHEMA_VERSION", err)
	}
}
