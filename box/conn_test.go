package box_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

// nextKey gives each test its own keys in the shared kv space.
var keySeq atomic.Uint64

func nextKey() uint64 { return uint64(time.Now().UnixNano())<<8 | keySeq.Add(1)&0xff }

func connect(t testing.TB, s *tnttest.Server, params string) *box.Conn {
	t.Helper()
	c, err := box.Connect(context.Background(), s.DSN(params))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// KV is a tuple of the kv space.
type KV struct {
	K uint64
	V string
}

func TestRequestsByNameAndID(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	if err := c.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	kv, ok := sch.Space("kv")
	if !ok {
		t.Fatal("schema has no space kv")
	}
	key := nextKey()

	var got KV
	if err := c.Insert(ctx, "kv", []any{key, "a"}).Decode(&got); err != nil || got != (KV{key, "a"}) {
		t.Fatalf("insert by name: got %+v %v", got, err)
	}
	if err := c.Insert(ctx, kv.ID, []any{key, "a"}).Err(); !errors.Is(err, iproto.ErTupleFound) {
		t.Errorf("duplicate insert by id: got %v, want ER_TUPLE_FOUND", err)
	}
	if err := c.Replace(ctx, "kv", KV{key, "b"}).Decode(&got); err != nil || got.V != "b" {
		t.Errorf("replace of a struct: got %+v %v", got, err)
	}
	if err := c.Get(ctx, "kv", "pk", key, &got); err != nil || got != (KV{key, "b"}) {
		t.Errorf("get by index name: got %+v %v", got, err)
	}
	var rows []KV
	if err := c.Select(ctx, kv.ID, 0, []any{key}, nil).Decode(&rows); err != nil || !reflect.DeepEqual(rows, []KV{{key, "b"}}) {
		t.Errorf("select by ids: got %+v %v", rows, err)
	}
	if err := c.Select(ctx, "kv", "by_v", "b", &box.SelectOpts{Iterator: box.Eq}).Decode(&rows); err != nil || !containsKey(rows, key) {
		t.Errorf("select by secondary index name: got %+v %v", rows, err)
	}
	if err := c.Update(ctx, "kv", nil, key, box.NewOps().Assign("v", "c")).Decode(&got); err != nil || got.V != "c" {
		t.Errorf("update by field name: got %+v %v", got, err)
	}
	if err := c.Update(ctx, "kv", "pk", key, box.NewOps().Splice(1, 0, 1, "xyz")).Decode(&got); err != nil || got.V != "xyz" {
		t.Errorf("update splice by field number: got %+v %v", got, err)
	}
	if err := c.Upsert(ctx, "kv", []any{key, "new"}, box.NewOps().Assign(1, "upserted")).Err(); err != nil {
		t.Errorf("upsert: %v", err)
	}
	if err := c.Get(ctx, "kv", nil, key, &got); err != nil || got.V != "upserted" {
		t.Errorf("after upsert: got %+v %v", got, err)
	}
	if err := c.Delete(ctx, "kv", "pk", key).Decode(&got); err != nil || got.K != key {
		t.Errorf("delete: got %+v %v", got, err)
	}
	if err := c.Get(ctx, "kv", "pk", key, &got); !errors.Is(err, box.ErrNotFound) {
		t.Errorf("get of a deleted key: got %v, want ErrNotFound", err)
	}
	if err := c.Delete(ctx, "kv", "pk", key).Decode(&rows); err != nil || len(rows) != 0 {
		t.Errorf("delete of a missing key: got %v %v, want no tuple", rows, err)
	}
}

func containsKey(rows []KV, key uint64) bool {
	for _, r := range rows {
		if r.K == key {
			return true
		}
	}
	return false
}

func TestUnknownNames(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	var ne *box.NameError
	if err := c.Select(ctx, "no_such_space", nil, 1, nil).Err(); !errors.As(err, &ne) || ne.Kind != "space" {
		t.Errorf("unknown space: got %v, want a *NameError for the space", err)
	}
	err := c.Select(ctx, "kv", "no_such_index", 1, nil).Err()
	if !errors.As(err, &ne) || ne.Kind != "index" || ne.Name != "no_such_index" {
		t.Errorf("unknown index: got %v, want a *NameError for the index", err)
	}
	if err := c.Select(ctx, 3.5, nil, 1, nil).Err(); err == nil {
		t.Error("a float space id was accepted")
	}
	if err := c.Update(ctx, "kv", nil, 1, box.NewOps().Assign(1.5, "x")).Err(); err == nil {
		t.Error("a float field number was accepted")
	}
	key := nextKey()
	if err := c.Replace(ctx, "kv", []any{key, "x"}).Err(); err != nil {
		t.Fatal(err)
	}
	if err := c.Update(ctx, "kv", nil, key, box.NewOps().Assign("no_such_field", "x")).Err(); !errors.Is(err, iproto.ErNoSuchFieldName) {
		t.Errorf("update of an unknown field: got %v, want ER_NO_SUCH_FIELD_NAME", err)
	}
	if err := c.Ping(ctx); err != nil {
		t.Errorf("connection unusable after bad names: %v", err)
	}
}

func TestCallEvalAndPush(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	var n int
	var str string
	if err := c.Call(ctx, "echo", 7, "x").Decode(&n, &str); err != nil || n != 7 || str != "x" {
		t.Errorf("call echo: got %d %q %v", n, str, err)
	}
	vals, err := c.Eval(ctx, "return 'first', ...", 1, 2).Values()
	if err != nil || !reflect.DeepEqual(vals, []any{"first", int64(1), int64(2)}) {
		t.Errorf("eval: got %v %v", vals, err)
	}
	tuples, err := c.Call16(ctx, "echo", 5, "y").Tuples()
	if err != nil || len(tuples) != 2 || tuples[0].At(0) != int64(5) || tuples[1].At(0) != "y" {
		t.Errorf("call16: got %v %v", tuples, err)
	}
	var pushed []any
	var count int
	err = c.CallWith(ctx, &box.CallOpts{OnPush: func(v any) { pushed = append(pushed, v) }}, "push_n", 3).Decode(&count)
	want := []any{map[string]any{"i": int64(1)}, map[string]any{"i": int64(2)}, map[string]any{"i": int64(3)}}
	if err != nil || count != 3 || !reflect.DeepEqual(pushed, want) {
		t.Errorf("push: got %v %d %v, want %v before the reply", pushed, count, err, want)
	}
	err = c.Call(ctx, "raise_nested").Err()
	var se *iproto.Error
	if !errors.As(err, &se) || len(se.Stack) == 0 {
		t.Errorf("raise_nested: got %v, want a server error with its stack", err)
	}
	if err := c.Call(ctx, "echo").Decode(&n); err == nil {
		t.Error("decoding a return value that is not there succeeded")
	}
}

func TestSQL(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	// WHERE name = :name scans items (name has no index): 3.x needs
	// sql_seq_scan for it.
	c := connect(t, s, "sql_seq_scan=true")
	name := fmt.Sprintf("box-sql-%d", nextKey())
	res := c.Execute(ctx, "INSERT INTO items (name, price) VALUES (?, ?), (?, ?)", name, 1.5, name, 2.5)
	ids, count := res.AutoincrementIDs(), res.RowCount()
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	if count != 2 || len(ids) != 2 {
		t.Fatalf("insert: row count %d, ids %v", count, ids)
	}

	type item struct {
		ID    int64
		Name  string
		Price float64
	}
	var items []item
	res = c.Execute(ctx, "SELECT id, name, price FROM items WHERE name = :name ORDER BY id", box.Named(":name", name))
	cols := res.Columns()
	if err := res.Decode(&items); err != nil {
		t.Fatal(err)
	}
	if len(cols) != 3 || cols[0].Name != tnttest.SQLName(s.Version, "id") || cols[0].Type != "integer" {
		t.Errorf("columns: got %+v", cols)
	}
	if len(items) != 2 || items[0].ID != ids[0] || items[1].Price != 2.5 {
		t.Errorf("rows: got %+v", items)
	}

	p, err := c.Prepare(ctx, "SELECT price FROM items WHERE id = ?")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	if len(p.Params()) != 1 || len(p.Columns()) != 1 {
		t.Errorf("prepared: params %+v columns %+v", p.Params(), p.Columns())
	}
	var price float64
	for i, id := range ids {
		if err := p.Execute(ctx, id).Decode(&price); err != nil || price != []float64{1.5, 2.5}[i] {
			t.Errorf("prepared execute %d: got %v %v", id, price, err)
		}
	}
	if err := c.Execute(ctx, "SELEKT 1").Err(); !errors.Is(err, iproto.ErSQLSyntaxNearToken) {
		t.Errorf("syntax error: got %v", err)
	}
	// Execute(ctx, ddl, nil) binds one NULL: refused before sending, with
	// what went wrong, where the server would say "The number of
	// parameters is too large".
	sent := c.Stats().Sent
	err = c.Execute(ctx, "SELECT 1", nil).Err()
	if err == nil || !strings.Contains(err.Error(), "1 argument(s) for a statement without parameters") {
		t.Errorf("an argument without parameters: got %v", err)
	}
	if c.Stats().Sent != sent {
		t.Error("an argument without parameters was sent")
	}
	var one int
	if err := c.Execute(ctx, "SELECT 1").Decode(&one); err != nil || one != 1 {
		t.Errorf("SELECT 1 without arguments: got %d, %v", one, err)
	}
}

// TestSQLExtensionArgs checks box's SQL arguments of extension types: they
// bind on 2.10+, and before that they are refused unsent (2.6 crashes on
// them) with the server still serving.
func TestSQLExtensionArgs(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	id := uuid.New()
	var got string
	err := c.Execute(ctx, "SELECT CAST(? AS STRING)", id).Decode(&got)
	if s.Version < iproto.VersionSQLExtArgs {
		if err == nil || !strings.Contains(err.Error(), "2.10") {
			t.Errorf("uuid argument on %s: got %v, want a refusal naming 2.10", s.Version, err)
		}
	} else if err != nil || got != id.String() {
		t.Errorf("uuid argument: got %q %v, want %s", got, err, id)
	}
	if err := c.Ping(ctx); err != nil {
		t.Fatalf("server gone after an extension argument: %v", err)
	}
}

// TestPreparedAfterDDL checks that DDL from another connection, which
// makes the server drop prepared statements, is followed by one
// transparent PREPARE, and that a statement's own error is not retried.
func TestPreparedAfterDDL(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	admin := connect(t, s, "fetch_schema=false")
	p, err := c.Prepare(ctx, "SELECT ? * 2")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	var n int
	if err := p.Execute(ctx, 4).Decode(&n); err != nil || n != 8 {
		t.Fatalf("before DDL: %d %v", n, err)
	}
	name := fmt.Sprintf("prep_ddl_%d", nextKey())
	if err := admin.Execute(ctx, "CREATE TABLE "+name+" (id INTEGER PRIMARY KEY)").Err(); err != nil {
		t.Fatal(err)
	}
	defer admin.Execute(ctx, "DROP TABLE "+name).Release()
	if err := p.Execute(ctx, 5).Decode(&n); err != nil || n != 10 {
		t.Errorf("after DDL: %d %v", n, err)
	}
	if err := p.Execute(ctx, "x").Err(); err == nil {
		t.Error("a string times 2 succeeded")
	}
}

// TestPreparedCollision: two texts with one server statement id (a 32-bit
// hash): while one Conn of the process holds the first prepared, a
// Prepared of the second on another Conn runs its own text, not the
// other's statement (the server would give it).
func TestPreparedCollision(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c1, c2 := connect(t, s, ""), connect(t, s, "")
	a, err := c1.Prepare(ctx, "SELECT ? + 13669")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(ctx)
	b, err := c2.Prepare(ctx, "SELECT ? + 71139")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close(ctx)
	var got [][]int
	if err := b.Execute(ctx, 1).Decode(&got); err != nil || len(got) != 1 || got[0][0] != 71140 {
		t.Errorf("the colliding text: got %v, %v; want [[71140]]", got, err)
	}
	if err := a.Execute(ctx, 1).Decode(&got); err != nil || len(got) != 1 || got[0][0] != 13670 {
		t.Errorf("the first text: got %v, %v; want [[13670]]", got, err)
	}
}

// TestPreparedSameTextTwice: two Prepared of one text on a Conn share the
// server's statement (its id is the text's hash, one per session):
// closing one leaves it to the other. And a Prepared whose statement was
// unprepared behind its back (by a user of the same connection outside
// the Conn) prepares it again at its next Execute instead of failing.
func TestPreparedSameTextTwice(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	a, err := c.Prepare(ctx, "SELECT ? + 100")
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Prepare(ctx, "SELECT ? + 100")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close(ctx)
	if err := a.Close(ctx); err != nil {
		t.Fatal(err)
	}
	var got [][]int
	if err := b.Execute(ctx, 1).Decode(&got); err != nil || len(got) != 1 || got[0][0] != 101 {
		t.Errorf("after the other Prepared closed: got %v, %v; want [[101]]", got, err)
	}
	// Unprepared outside the Conn: the id is the text's hash.
	id := tnttest.PrepareID(t, c.EngineConn(), "SELECT ? + 100")
	resp, err := c.EngineConn().Do(ctx, &iproto.Unprepare{StmtID: id})
	if err != nil {
		t.Fatal(err)
	}
	resp.Release()
	if err := b.Execute(ctx, 2).Decode(&got); err != nil || len(got) != 1 || got[0][0] != 102 {
		t.Errorf("after an unprepare behind its back: got %v, %v; want [[102]]", got, err)
	}
}
