package tarantool_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	tarantool "github.com/tntsql/tarantool"
)

// TestNameWithSeveralPrefixes: a name written as @a and :a is one
// argument, bound under both spellings, directly and prepared; the
// server counts them as two parameters and would bind NULL to the one
// left out.
func TestNameWithSeveralPrefixes(t *testing.T) {
	db := openDB(t, "")
	ctx := context.Background()
	const query = `SELECT @a, :a, @a, :b`
	args := []any{sql.Named("a", 5), sql.Named("b", 6)}
	check := func(how string, row *sql.Row) {
		t.Helper()
		var v [4]sql.NullInt64
		if err := row.Scan(&v[0], &v[1], &v[2], &v[3]); err != nil {
			t.Fatalf("%s: %v", how, err)
		}
		for i, want := range []int64{5, 5, 5, 6} {
			if !v[i].Valid || v[i].Int64 != want {
				t.Errorf("%s: column %d: got %v, want %d", how, i+1, v[i], want)
			}
		}
	}
	check("direct", db.QueryRowContext(ctx, query, args...))
	stmt, err := db.PrepareContext(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	check("prepared", stmt.QueryRowContext(ctx, args...))
	if _, err := stmt.ExecContext(ctx, sql.Named("a", 5)); err == nil || !strings.Contains(err.Error(), ":b") {
		t.Errorf("prepared, b missing: got %v, want an error naming :b", err)
	}
}

// TestNumberedParameters: $1, $2 ... are positional parameters numbered
// from 1 (PostgreSQL's style, as squirrel's Dollar placeholders write
// them), bound by position, directly and prepared.
func TestNumberedParameters(t *testing.T) {
	db := openDB(t, "")
	ctx := context.Background()
	const query = `SELECT $2, $1, $2 || 'x'`
	check := func(how string, row *sql.Row) {
		t.Helper()
		var a, b, c string
		if err := row.Scan(&a, &b, &c); err != nil {
			t.Fatalf("%s: %v", how, err)
		}
		if a != "two" || b != "one" || c != "twox" {
			t.Errorf("%s: got %q %q %q, want two one twox", how, a, b, c)
		}
	}
	check("direct", db.QueryRowContext(ctx, query, "one", "two"))
	stmt, err := db.PrepareContext(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	check("prepared", stmt.QueryRowContext(ctx, "one", "two"))

	for _, tc := range []struct {
		name, query string
		args        []any
		text        string
	}{
		{"too few", `SELECT $1, $3`, []any{1, 2}, "up to $3"},
		{"too many", `SELECT $1`, []any{1, 2}, "up to $1"},
		{"mixed with ?", `SELECT $1, ?`, []any{1, 2}, "'?' and '$N'"},
		{"mixed with a name", `SELECT $1, :a`, []any{1}, "mixes named"},
		{"named arguments", `SELECT $1`, []any{sql.Named("a", 1)}, "positional"},
		{"a $name", `SELECT $a`, []any{sql.Named("a", 1)}, "no $name parameters"},
	} {
		if _, err := db.ExecContext(ctx, tc.query, tc.args...); err == nil || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%s: %s: got %v, want an error with %q", tc.name, tc.query, err, tc.text)
		}
	}
}

// TestOneStatementPerCall: a text with several statements is refused
// before sending, with an error that says so (the server's own is
// "keyword 'CREATE' is reserved"); a trailing ';' and ';' inside
// literals, quoted names and comments are one statement.
func TestOneStatementPerCall(t *testing.T) {
	db := openDB(t, "")
	ctx := context.Background()
	for _, q := range []string{
		`SELECT 1; SELECT 2`,
		`CREATE TABLE t1 (id INT PRIMARY KEY); CREATE TABLE t2 (id INT PRIMARY KEY)`,
		"SELECT 1;\n-- the next\nSELECT 2;",
	} {
		_, err := db.ExecContext(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "one statement per call") {
			t.Errorf("%q: got %v, want the driver's one-statement error", q, err)
		}
		if _, err := db.PrepareContext(ctx, q); err == nil || !strings.Contains(err.Error(), "one statement per call") {
			t.Errorf("prepare %q: got %v, want the driver's one-statement error", q, err)
		}
	}
	for _, q := range []string{
		`SELECT 1;`,
		`SELECT ';' ; `,
		`SELECT 1 AS ";" -- ; SELECT 2`,
		`SELECT 1 /* ; SELECT 2 */`,
	} {
		var v any
		if err := db.QueryRowContext(ctx, q).Scan(&v); err != nil {
			t.Errorf("%q: %v, want one row", q, err)
		}
	}
}

// TestNULInText: the server's parser stops at a NUL byte and would run
// the statement before it (here: every row instead of none); the driver
// refuses such text unsent.
func TestNULInText(t *testing.T) {
	db := openDB(t, "")
	const table = "nul_text_t"
	createTable(t, db, table, "id INTEGER PRIMARY KEY")
	if _, err := db.Exec(`INSERT INTO ` + table + ` VALUES (1), (2)`); err != nil {
		t.Fatal(err)
	}
	q := "SELECT COUNT(*) FROM " + table + " WHERE id > 0\x00 AND id < 0"
	var n int
	err := db.QueryRow(q).Scan(&n)
	if err == nil || !strings.Contains(err.Error(), "NUL") {
		t.Errorf("query with NUL: got %d, %v, want the driver's NUL error", n, err)
	}
	if _, err := db.Prepare(q); err == nil || !strings.Contains(err.Error(), "NUL") {
		t.Errorf("prepare with NUL: got %v, want the driver's NUL error", err)
	}
	// A NUL inside a literal is the same cut for the server.
	if _, err := db.Exec("SELECT 'a\x00b'"); err == nil || !strings.Contains(err.Error(), "NUL") {
		t.Errorf("literal with NUL: got %v, want the driver's NUL error", err)
	}
}

// TestTriggerIsOneStatement: the ';' inside a trigger's BEGIN ... END
// separate no statements: the driver sends the CREATE TRIGGER, and
// SplitStatements keeps it whole.
func TestTriggerIsOneStatement(t *testing.T) {
	db := openDB(t, "")
	createTable(t, db, "trg_t", "id INTEGER PRIMARY KEY")
	createTable(t, db, "trg_log", "id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER")
	const trigger = `CREATE TRIGGER trg_t_ins AFTER INSERT ON trg_t FOR EACH ROW BEGIN
		INSERT INTO trg_log (n) VALUES (new.id);
		INSERT INTO trg_log (n) VALUES (new.id * 10);
	END`
	if got := tarantool.SplitStatements(trigger + ";\nSELECT 1;"); len(got) != 2 || got[0] != trigger {
		t.Fatalf("SplitStatements: %q", got)
	}
	if _, err := db.Exec(trigger); err != nil {
		t.Fatalf("CREATE TRIGGER: %v", err)
	}
	defer db.Exec(`DROP TRIGGER trg_t_ins`)
	if _, err := db.Exec(`INSERT INTO trg_t VALUES (7)`); err != nil {
		t.Fatal(err)
	}
	var sum int
	if err := db.QueryRow(`SELECT SUM(n) FROM trg_log WHERE id > 0`).Scan(&sum); err != nil || sum != 77 {
		t.Errorf("the trigger's two inserts: sum %d, %v; want 77", sum, err)
	}
	if _, err := db.Exec(trigger + "; SELECT 1"); err == nil {
		t.Error("a trigger followed by another statement: want the several-statements error")
	}
}
