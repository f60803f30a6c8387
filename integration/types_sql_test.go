package integration

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	_ "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/internal/exact"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

// openTypesDB opens database/sql on the shared server with params ("" or
// "key=value&...").
func openTypesDB(t *testing.T, s *tnttest.Server, params string) *sql.DB {
	t.Helper()
	db, err := sql.Open("tarantool", s.DSN(params))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// createTable creates a table with a unique name from columns (after an
// INTEGER PRIMARY KEY id) and drops it when the test ends.
func createTable(t *testing.T, db *sql.DB, columns string) string {
	t.Helper()
	name := uniqueName("TYPES")
	if _, err := db.Exec(`CREATE TABLE ` + name + ` (id INTEGER PRIMARY KEY, ` + columns + `)`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec(`DROP TABLE ` + name) })
	return name
}

// scanAll scans column col of the row with id into each destination.
func scanAll(t *testing.T, db *sql.DB, table, col string, id int, dests ...any) {
	t.Helper()
	for _, d := range dests {
		err := db.QueryRow(`SELECT `+col+` FROM `+table+` WHERE id = ?`, id).Scan(d)
		if err != nil {
			t.Fatalf("row %d: scan %s into %T: %v", id, col, d, err)
		}
	}
}

// TestSQLDecimal (sql_seq_scan=true) round-trips DECIMAL values and finds
// each by its value.
func TestSQLDecimal(t *testing.T) {
	s := tnttest.RequireVersion(t, versionNewTypes, "SQL DECIMAL")
	// sql_seq_scan: WHERE v = ? compares v, which has no index, in every row.
	db := openTypesDB(t, s, "sql_seq_scan=true")
	table := createTable(t, db, `v DECIMAL`)
	for i, tc := range decimalValues {
		if _, err := db.Exec(`INSERT INTO `+table+` VALUES (?, ?)`, i, tc.v); err != nil {
			t.Fatalf("insert %s: %v", tc.text, err)
		}
		var (
			got     decimal.Decimal
			text    string
			anyV    any
			nullD   decimal.NullDecimal
			nullGen sql.Null[decimal.Decimal]
		)
		scanAll(t, db, table, "v", i, &got, &text, &anyV, &nullD, &nullGen)
		if !exact.Equal(got, tc.v) || !exact.Equal(nullD.Decimal, tc.v) || !exact.Equal(nullGen.V, tc.v) || !nullD.Valid || !nullGen.Valid {
			t.Errorf("%s: scanned %s, NullDecimal %s, Null[Decimal] %s; want %s",
				tc.text, show(got), show(nullD.Decimal), show(nullGen.V), show(tc.v))
		}
		if text != tc.text || anyV != tc.text {
			t.Errorf("%s: *string %q, *any %s; want the text %q", tc.text, text, show(anyV), tc.text)
		}
		want := 0 // rows so far equal in value (0 and 0.000 are)
		for _, prev := range decimalValues[:i+1] {
			if prev.v.Equal(tc.v) {
				want++
			}
		}
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE v = ?`, tc.v).Scan(&n); err != nil || n != want {
			t.Errorf("%s: WHERE v = ? matched %d rows, %v; want %d", tc.text, n, err, want)
		}
	}
	checkNullRow(t, db, table, len(decimalValues), new(decimal.NullDecimal), func(p any) bool { return !p.(*decimal.NullDecimal).Valid })
}

// checkNullRow inserts NULL and checks that it scans into null (a nullable
// destination that valid says is NULL) and into *any as nil.
func checkNullRow(t *testing.T, db *sql.DB, table string, id int, null any, isNull func(any) bool) {
	t.Helper()
	if _, err := db.Exec(`INSERT INTO `+table+` VALUES (?, NULL)`, id); err != nil {
		t.Fatal(err)
	}
	var anyV any = "not scanned"
	scanAll(t, db, table, "v", id, null, &anyV)
	if !isNull(null) || anyV != nil {
		t.Errorf("NULL: scanned %+v and *any %v, want NULL and nil", null, anyV)
	}
}

// TestSQLUUID (sql_seq_scan=true) round-trips UUID values and finds one
// by its value with every form of a UUID argument.
func TestSQLUUID(t *testing.T) {
	s := tnttest.RequireVersion(t, versionNewTypes, "SQL UUID")
	// sql_seq_scan: WHERE v = ? compares v, which has no index, in every row.
	db := openTypesDB(t, s, "sql_seq_scan=true")
	table := createTable(t, db, `v UUID`)
	for i, u := range uuidValues {
		if _, err := db.Exec(`INSERT INTO `+table+` VALUES (?, ?)`, i, u); err != nil {
			t.Fatalf("insert %s: %v", u, err)
		}
		var (
			got     uuid.UUID
			text    string
			anyV    any
			nullU   uuid.NullUUID
			nullGen sql.Null[uuid.UUID]
		)
		scanAll(t, db, table, "v", i, &got, &text, &anyV, &nullU, &nullGen)
		if got != u || nullU != (uuid.NullUUID{UUID: u, Valid: true}) || nullGen != (sql.Null[uuid.UUID]{V: u, Valid: true}) {
			t.Errorf("%s: scanned %s, %+v, %+v", u, got, nullU, nullGen)
		}
		if text != u.String() || anyV != u.String() {
			t.Errorf("%s: *string %q, *any %s; want the canonical text", u, text, show(anyV))
		}
	}
	// WHERE id = ? matches with every form of a UUID argument: each binds
	// as a UUID, not as the string uuid.UUID.Value gives.
	u := uuidValues[0]
	for _, arg := range []any{u, &u, uuid.NullUUID{UUID: u, Valid: true}, sql.Null[uuid.UUID]{V: u, Valid: true}} {
		var id int
		if err := db.QueryRow(`SELECT id FROM `+table+` WHERE v = ?`, arg).Scan(&id); err != nil || id != 0 {
			t.Errorf("WHERE v = ? with %T: got id %d, %v; want 0", arg, id, err)
		}
	}
	// The text does not compare with a UUID: that is why it must not be
	// what a uuid.UUID binds as.
	if _, err := db.Exec(`SELECT id FROM `+table+` WHERE v = ?`, u.String()); !errors.Is(err, iproto.ErSQLTypeMismatch) {
		t.Errorf("WHERE v = ? with the UUID's text: got %v, want the server's ER_SQL_TYPE_MISMATCH", err)
	}
	checkNullRow(t, db, table, len(uuidValues), new(uuid.NullUUID), func(p any) bool { return !p.(*uuid.NullUUID).Valid })
}

// TestSQLDatetime (sql_seq_scan=true) round-trips DATETIME values and
// finds each by its value.
func TestSQLDatetime(t *testing.T) {
	s := tnttest.RequireVersion(t, versionNewTypes, "DATETIME")
	// sql_seq_scan: WHERE v = ? compares v, which has no index, in every row.
	db := openTypesDB(t, s, "sql_seq_scan=true")
	table := createTable(t, db, `v DATETIME`)
	for i, tm := range datetimeValues(t) {
		if _, err := db.Exec(`INSERT INTO `+table+` VALUES (?, ?)`, i, tm); err != nil {
			t.Fatalf("insert %s: %v", show(tm), err)
		}
		var (
			got   time.Time
			text  string
			anyV  any
			nullT sql.NullTime
		)
		scanAll(t, db, table, "v", i, &got, &text, &anyV, &nullT)
		if !exact.Equal(got, tm) || !exact.Equal(anyV, tm) || !exact.Equal(nullT.Time, tm) || !nullT.Valid {
			t.Errorf("scanned %s, *any %s, NullTime %s; want %s", show(got), show(anyV), show(nullT.Time), show(tm))
		}
		if want := tm.Format(time.RFC3339Nano); text != want {
			t.Errorf("*string: got %q, want %q", text, want)
		}
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM `+table+` WHERE v = ?`, tm).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s: WHERE v = ? matched %d rows, %v; want 1", show(tm), n, err)
		}
	}
	checkNullRow(t, db, table, 100, new(sql.NullTime), func(p any) bool { return !p.(*sql.NullTime).Valid })
}

func TestSQLInterval(t *testing.T) {
	s := tnttest.RequireVersion(t, versionNewTypes, "INTERVAL")
	db := openTypesDB(t, s, "")
	table := createTable(t, db, `v INTERVAL`)
	for i, iv := range intervalValues {
		if _, err := db.Exec(`INSERT INTO `+table+` VALUES (?, ?)`, i, iv); err != nil {
			t.Fatalf("insert %v: %v", iv, err)
		}
		var (
			got     iproto.Interval
			text    string
			anyV    any
			nullGen sql.Null[iproto.Interval]
		)
		scanAll(t, db, table, "v", i, &got, &text, &anyV, &nullGen)
		if got != iv || nullGen != (sql.Null[iproto.Interval]{V: iv, Valid: true}) {
			t.Errorf("scanned %#v, %+v; want %#v", got, nullGen, iv)
		}
		if text != iv.String() || anyV != iv.String() {
			t.Errorf("*string %q, *any %s; want %q", text, show(anyV), iv.String())
		}
	}
	checkNullRow(t, db, table, len(intervalValues), new(sql.Null[iproto.Interval]),
		func(p any) bool { return !p.(*sql.Null[iproto.Interval]).Valid })
}

func TestSQLArrayMap(t *testing.T) {
	s := tnttest.RequireVersion(t, versionNewTypes, "SQL ARRAY and MAP")
	db := openTypesDB(t, s, "")
	table := createTable(t, db, `a ARRAY, m MAP`)
	tm := datetimeValues(t)[1]
	arr := []any{int64(1), "two", nil, []any{}, uint64(math.MaxUint64), decimalValues[0].v, uuidValues[0], tm, intervalValues[2]}
	m := map[string]any{"a": int64(-1), "nested": map[string]any{"x": []any{true, 2.5}}, "d": decimalValues[5].v}
	if _, err := db.Exec(`INSERT INTO `+table+` VALUES (:id, :a, :m)`,
		sql.Named("id", 1), sql.Named("a", arr), sql.Named("m", m)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO `+table+` (id, a) VALUES (?, ?)`, 2, []any{map[any]any{int64(7): "seven"}}); err != nil {
		t.Fatal(err)
	}
	var gotA, gotM any
	if err := db.QueryRow(`SELECT a, m FROM `+table+` WHERE id = 1`).Scan(&gotA, &gotM); err != nil {
		t.Fatal(err)
	}
	if !exact.Equal(gotA, arr) || !exact.Equal(gotM, m) {
		t.Errorf("got %v and %v, want %v and %v", gotA, gotM, arr, m)
	}
	var slice []any
	var mm map[string]any
	if err := db.QueryRow(`SELECT a, m FROM `+table+` WHERE id = 1`).Scan(&slice, &mm); err != nil || !exact.Equal(slice, arr) || !exact.Equal(mm, m) {
		t.Errorf("into []any and map[string]any: got %v, %v, %v", slice, mm, err)
	}
	if err := db.QueryRow(`SELECT a FROM ` + table + ` WHERE id = 2`).Scan(&gotA); err != nil ||
		!reflect.DeepEqual(gotA, []any{map[any]any{int64(7): "seven"}}) {
		t.Errorf("map with an integer key: got %v, %v", gotA, err)
	}
	if err := db.QueryRow(`SELECT m FROM ` + table + ` WHERE id = 2`).Scan(&gotM); err != nil || gotM != nil {
		t.Errorf("NULL MAP: got %v, %v; want nil", gotM, err)
	}
	// A map in place of a positional argument would be read as a named
	// parameter: the driver refuses it before sending.
	_, err := db.Exec(`SELECT ?`, map[string]any{":x": 1})
	if err == nil || !strings.Contains(err.Error(), "by name") {
		t.Errorf("positional MAP: got %v, want the driver's refusal", err)
	}
	// Typed slices stay refused (a forgotten sqlx.In): only []any is an ARRAY.
	if _, err := db.Exec(`SELECT ?`, []int{1}); err == nil {
		t.Error("[]int argument: want an error")
	}
}

// TestSQLIntegerExtremes round-trips the ends of INTEGER and UNSIGNED,
// unsigned values beyond math.MaxInt64 included.
func TestSQLIntegerExtremes(t *testing.T) {
	s := tnttest.Require(t)
	db := openTypesDB(t, s, "")
	table := createTable(t, db, `i INTEGER, u UNSIGNED`)
	rows := []struct {
		i int64
		u uint64
	}{{math.MinInt64, 0}, {math.MaxInt64, math.MaxInt64}, {-1, math.MaxInt64 + 1}, {0, math.MaxUint64}}
	for n, r := range rows {
		if _, err := db.Exec(`INSERT INTO `+table+` VALUES (?, ?, ?)`, n, r.i, r.u); err != nil {
			t.Fatalf("insert %+v: %v", r, err)
		}
		var (
			i          int64
			u          uint64
			is, us     string
			iAny, uAny any
		)
		err := db.QueryRow(`SELECT i, u, i, u, i, u FROM `+table+` WHERE id = ?`, n).Scan(&i, &u, &is, &us, &iAny, &uAny)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		if i != r.i || u != r.u || is != strconv.FormatInt(r.i, 10) || us != strconv.FormatUint(r.u, 10) {
			t.Errorf("%+v: got %d %d %q %q", r, i, u, is, us)
		}
		wantU := any(r.u)
		if r.u <= math.MaxInt64 {
			wantU = int64(r.u)
		}
		if iAny != r.i || uAny != wantU {
			t.Errorf("%+v: *any got %s %s, want int64 and %s", r, show(iAny), show(uAny), show(wantU))
		}
	}
}

// TestSQLColumnTypes checks the Tarantool type names and scan types of
// the new column types.
func TestSQLColumnTypes(t *testing.T) {
	s := tnttest.RequireVersion(t, versionNewTypes, "SQL DECIMAL, UUID, DATETIME, INTERVAL, MAP, ARRAY")
	db := openTypesDB(t, s, "")
	table := createTable(t, db, `d DECIMAL, u UUID, dt DATETIME, iv INTERVAL, m MAP, a ARRAY, an ANY, nn DECIMAL NOT NULL`)
	rows, err := db.Query(`SELECT d, u, dt, iv, m, a, an, nn FROM ` + table + ` WHERE id > 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name string
		scan reflect.Type
	}{
		{"DECIMAL", reflect.TypeFor[decimal.NullDecimal]()},
		{"UUID", reflect.TypeFor[uuid.NullUUID]()},
		{"DATETIME", reflect.TypeFor[sql.NullTime]()},
		{"INTERVAL", reflect.TypeFor[sql.Null[iproto.Interval]]()},
		{"MAP", reflect.TypeFor[any]()}, // map[string]any or map[any]any, by its keys
		{"ARRAY", reflect.TypeFor[[]any]()},
		{"ANY", reflect.TypeFor[any]()},
		{"DECIMAL", reflect.TypeFor[decimal.Decimal]()}, // NOT NULL
	}
	for i, ct := range types {
		if ct.DatabaseTypeName() != want[i].name || ct.ScanType() != want[i].scan {
			t.Errorf("column %s: got %s, %v; want %s, %v", ct.Name(), ct.DatabaseTypeName(), ct.ScanType(), want[i].name, want[i].scan)
		}
	}
}

// TestSQLExtensionValuesInAnyColumns reads extension values from ANY and
// SCALAR columns: the driver values do not depend on the column type.
func TestSQLExtensionValuesInAnyColumns(t *testing.T) {
	s := tnttest.RequireVersion(t, versionNewTypes, "SQL ANY")
	db := openTypesDB(t, s, "")
	table := createTable(t, db, `an ANY, sc SCALAR`)
	d, u := decimalValues[5], uuidValues[0]
	if _, err := db.Exec(`INSERT INTO `+table+` VALUES (1, ?, ?)`, d.v, u); err != nil {
		t.Fatal(err)
	}
	var an, sc any
	var gotD decimal.Decimal
	var gotU uuid.UUID
	err := db.QueryRow(`SELECT an, sc, an, sc FROM `+table+` WHERE id = 1`).Scan(&an, &sc, &gotD, &gotU)
	if err != nil {
		t.Fatal(err)
	}
	if an != d.text || sc != u.String() || !exact.Equal(gotD, d.v) || gotU != u {
		t.Errorf("got %s %s %s %s", show(an), show(sc), show(gotD), gotU)
	}
}

// TestSQLPrepared binds extension values to a prepared statement.
func TestSQLPrepared(t *testing.T) {
	s := tnttest.RequireVersion(t, versionNewTypes, "extension values as SQL arguments")
	db := openTypesDB(t, s, "")
	stmt, err := db.Prepare(`SELECT ?, ?, ?, ?`)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	d, u, tm, iv := decimalValues[8], uuidValues[2], datetimeValues(t)[5], intervalValues[2]
	var gotD decimal.Decimal
	var gotU uuid.UUID
	var gotT time.Time
	var gotI iproto.Interval
	if err := stmt.QueryRow(d.v, u, tm, iv).Scan(&gotD, &gotU, &gotT, &gotI); err != nil {
		t.Fatal(err)
	}
	if !exact.Equal(gotD, d.v) || gotU != u || !exact.Equal(gotT, tm) || gotI != iv {
		t.Errorf("got %s %s %s %v", show(gotD), gotU, show(gotT), gotI)
	}
}

// TestSQLExtensionArgsRefused checks that a server older than 2.10, which
// crashes on an extension value in SQL, never receives one: each is
// refused with an error naming the argument and the version needed, and
// the server is still alive afterwards.
func TestSQLExtensionArgsRefused(t *testing.T) {
	s := tnttest.Require(t)
	if s.Version >= versionNewTypes {
		t.Skipf("the refusal is for servers older than %v; the server is %v", versionNewTypes, s.Version)
	}
	db := openTypesDB(t, s, "")
	stmt, err := db.Prepare(`SELECT ?`)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	u := uuidValues[0]
	for _, tc := range []struct {
		arg      any
		typeName string
	}{
		{u, "UUID"},
		{&u, "UUID"},
		{uuid.NullUUID{UUID: u, Valid: true}, "UUID"},
		{sql.Null[uuid.UUID]{V: u, Valid: true}, "UUID"},
		{decimalValues[0].v, "DECIMAL"},
		{time.Now(), "DATETIME"},
		{iproto.Interval{Days: 1}, "INTERVAL"},
		{[]any{int64(1), u}, "ARRAY"},
		{sql.Named("m", map[string]any{"a": 1}), "MAP"},
	} {
		query := `SELECT ?`
		if _, ok := tc.arg.(sql.NamedArg); ok {
			query = `SELECT :m`
		}
		_, err := db.Exec(query, tc.arg)
		if err == nil || !strings.Contains(err.Error(), tc.typeName) || !strings.Contains(err.Error(), "2.10") {
			t.Errorf("%T: got %v, want a refusal naming %s and 2.10", tc.arg, err, tc.typeName)
		}
		if _, ok := tc.arg.(sql.NamedArg); !ok {
			if _, err := stmt.Exec(tc.arg); err == nil || !strings.Contains(err.Error(), "argument 1") {
				t.Errorf("prepared, %T: got %v, want a refusal naming argument 1", tc.arg, err)
			}
		}
	}
	// NULL forms of the same types are plain NULLs, which every server binds.
	var v any = "not scanned"
	if err := db.QueryRow(`SELECT ?`, uuid.NullUUID{}).Scan(&v); err != nil || v != nil {
		t.Errorf("uuid.NullUUID{}: got %v, %v; want NULL", v, err)
	}
	// The server is alive: a new connection works.
	other := openTypesDB(t, s, "")
	var n int
	if err := other.QueryRowContext(context.Background(), `SELECT 1`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("server after the refusals: %d, %v", n, err)
	}
}

// TestSQLMapArrayOfBoxSpaces reads MAP and ARRAY fields of a space created
// in Lua, which works from 2.6 on (SQL MAP and ARRAY columns and
// arguments need 2.10).
func TestSQLMapArrayOfBoxSpaces(t *testing.T) {
	s := tnttest.Require(t)
	c := boxConn(t, s)
	name := uniqueName("types_sql_box")
	eval(t, c, `local name = ...
		local sp = box.schema.space.create(name, {format = {{'id', 'unsigned'},
			{'m', 'map', is_nullable = true}, {'a', 'array', is_nullable = true}}})
		sp:create_index('pk')
		sp:insert{1, {a = 1, b = {1, 2}}, {1, 'x', {y = 2}}}
		sp:insert{2, box.NULL, box.NULL}`, name)
	t.Cleanup(func() { c.Eval(context.Background(), `box.space[...]:drop()`, name).Err() })
	db := openTypesDB(t, s, "")
	// Every row, through the primary key ("id" is unsigned).
	rows, err := db.Query(`SELECT "m", "a" FROM "` + name + `" WHERE "id" >= 0 ORDER BY "id"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types, _ := rows.ColumnTypes()
	if types[0].DatabaseTypeName() != "MAP" || types[1].DatabaseTypeName() != "ARRAY" {
		t.Errorf("types %s, %s; want MAP, ARRAY", types[0].DatabaseTypeName(), types[1].DatabaseTypeName())
	}
	want := [][2]any{
		{map[string]any{"a": int64(1), "b": []any{int64(1), int64(2)}}, []any{int64(1), "x", map[string]any{"y": int64(2)}}},
		{nil, nil},
	}
	i := 0
	for ; rows.Next(); i++ {
		var m, a any
		if err := rows.Scan(&m, &a); err != nil {
			t.Fatal(err)
		}
		if i < len(want) && (!exact.Equal(m, want[i][0]) || !exact.Equal(a, want[i][1])) {
			t.Errorf("row %d: got %v, %v; want %v, %v", i+1, m, a, want[i][0], want[i][1])
		}
	}
	if err := rows.Err(); err != nil || i != len(want) {
		t.Errorf("%d rows, %v; want %d", i, err, len(want))
	}
}
