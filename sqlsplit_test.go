package tarantool_test

import (
	"reflect"
	"strings"
	"testing"

	tarantool "github.com/tntsql/tarantool"
)

func TestSplitStatements(t *testing.T) {
	for _, tc := range []struct {
		name, script string
		want         []string
	}{
		{"one", "SELECT 1", []string{"SELECT 1"}},
		{"two", "CREATE TABLE t (id INT PRIMARY KEY);\nINSERT INTO t VALUES (1);\n", []string{"CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)"}},
		{"semicolon in a literal", "INSERT INTO t VALUES ('a;b'); SELECT 2", []string{"INSERT INTO t VALUES ('a;b')", "SELECT 2"}},
		{"escaped quote", "SELECT 'it''s;'; SELECT 3", []string{"SELECT 'it''s;'", "SELECT 3"}},
		{"quoted identifier", `SELECT "a;b" FROM t; SELECT 4`, []string{`SELECT "a;b" FROM t`, "SELECT 4"}},
		{"line comment", "-- first; not a split\nSELECT 5; -- trailing;\n", []string{"-- first; not a split\nSELECT 5"}},
		{"block comment", "/* a; b */ SELECT 6; /* only a comment; */", []string{"/* a; b */ SELECT 6"}},
		{"empty parts", ";;  ; SELECT 7;;", []string{"SELECT 7"}},
		{"trigger body", "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW BEGIN INSERT INTO log VALUES (1); UPDATE c SET n = n + 1; END; SELECT 8",
			[]string{"CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW BEGIN INSERT INTO log VALUES (1); UPDATE c SET n = n + 1; END", "SELECT 8"}},
		{"unterminated comment", "SELECT 9; /* no end", []string{"SELECT 9"}},
		{"nothing", " \n-- x\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tarantool.SplitStatements(tc.script); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func FuzzSplitStatements(f *testing.F) {
	for _, s := range []string{"SELECT 1; SELECT 2", "'a;b'; \"c;d\"", "-- x;\n/* y; */ z;", "CREATE TRIGGER t BEGIN a; b; END; c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, script string) {
		for _, part := range tarantool.SplitStatements(script) {
			if part == "" || part != strings.TrimSpace(part) {
				t.Fatalf("part %q of %q is empty or not trimmed", part, script)
			}
			if !strings.Contains(script, part) {
				t.Fatalf("part %q is not in %q", part, script)
			}
		}
	})
}
