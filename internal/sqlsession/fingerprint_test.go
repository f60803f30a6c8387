package sqlsession

import (
	"strings"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

func TestNewFingerprint(t *testing.T) {
	text := "SELECT a FROM t WHERE b = ? AND c = :c AND d = @c AND e = :c AND f = ?AND g = 'x?:y' -- ?\n"
	f, ok := NewFingerprint(text)
	if !ok {
		t.Fatalf("NewFingerprint(%q) refused", text)
	}
	d := f.Params[0][len(":__") : len(":__")+16]
	want := "SELECT a FROM t WHERE b = :__" + d + "_1 AND c = :c__" + d + " AND d = @c__" + d +
		" AND e = :c__" + d + " AND f = :__" + d + "_4 AND g = 'x?:y' -- ?\n"
	if f.Text != want {
		t.Errorf("Text = %q\nwant   %q", f.Text, want)
	}
	wantParams := []string{":__" + d + "_1", ":c__" + d, "@c__" + d, ":__" + d + "_4"}
	if strings.Join(f.Params, ",") != strings.Join(wantParams, ",") {
		t.Errorf("Params = %q, want %q", f.Params, wantParams)
	}
	if got := strings.Join(f.Spellings, ","); got != "?,:c,@c,?" {
		t.Errorf("Spellings = %q", got)
	}
	if !f.Matches(columns(wantParams...)) || f.Matches(columns(wantParams[:3]...)) || f.Matches(columns("?", ":c", "@c", "?")) {
		t.Error("Matches does not compare the names in order")
	}
}

func TestFingerprintDigestDiffers(t *testing.T) {
	// Two texts the server's 32-bit hash confuses get different names.
	a, okA := NewFingerprint("SELECT ? + 13669")
	b, okB := NewFingerprint("SELECT ? + 71139")
	if !okA || !okB {
		t.Fatal("refused")
	}
	if a.Matches(columns(b.Params...)) || b.Matches(columns(a.Params...)) {
		t.Errorf("the fingerprints of two texts match: %q, %q", a.Params, b.Params)
	}
}

func TestNewFingerprintRefuses(t *testing.T) {
	for _, text := range []string{
		"SELECT 1",               // nothing to carry the digest
		"SELECT '?'",             // in a literal
		"SELECT 1 /* ? */",       // in a comment
		"SELECT $1",              // numbered: renaming would change the binding
		"SELECT ?2, ?1",          // numbered
		"SELECT :a$b",            // $ is part of the server's name
		"SELECT ? FROM \"t",      // quote does not close
		"SELECT ? /* not closed", // comment does not close
	} {
		if f, ok := NewFingerprint(text); ok {
			t.Errorf("NewFingerprint(%q) = %q, want a refusal", text, f.Text)
		}
	}
}

// columns returns the parameters of a PREPARE reply with these names.
func columns(names ...string) []iproto.ColumnInfo {
	cols := make([]iproto.ColumnInfo, len(names))
	for i, name := range names {
		cols[i] = iproto.ColumnInfo{Name: name, Type: "ANY"}
	}
	return cols
}

// FuzzFingerprint: whatever the text, NewFingerprint does not panic, and
// what it accepts is consistent: one spelling per parameter, every
// parameter's name in the text, each carrying the same digest, and the
// text outside the placeholders kept.
func FuzzFingerprint(f *testing.F) {
	for _, seed := range []string{
		"SELECT ?", "SELECT :a, @a, :a", "SELECT ? FROM t WHERE a = 'x?' -- ?\n AND b = ?AND",
		"SELECT /* :x */ :y", "SELECT $1", "SELECT ?1", `SELECT "?" FROM "t""?"`, "SELECT :é",
		"INSERT INTO t VALUES (?, ?, :n)", "", "?", ":", "@a$",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fp, ok := NewFingerprint(text)
		if !ok {
			return
		}
		if len(fp.Params) == 0 || len(fp.Params) != len(fp.Spellings) {
			t.Fatalf("%q: %d params, %d spellings", text, len(fp.Params), len(fp.Spellings))
		}
		digest := fp.Params[0][strings.LastIndex(fp.Params[0], "__")+2:]
		if fp.Spellings[0] == "?" {
			digest = fp.Params[0][3:19]
		}
		rest := fp.Text
		for i, name := range fp.Params {
			if !strings.Contains(name, digest) {
				t.Fatalf("%q: parameter %q lacks the digest %q", text, name, digest)
			}
			if !strings.Contains(fp.Text, name) {
				t.Fatalf("%q: parameter %q not in %q", text, name, fp.Text)
			}
			if s := fp.Spellings[i]; s != "?" && !strings.HasPrefix(name, s+"__") {
				t.Fatalf("%q: parameter %q is not %q renamed", text, name, s)
			}
			rest = strings.ReplaceAll(rest, name, "")
		}
		if strings.ContainsAny(strings.ReplaceAll(rest, " ", ""), "?") && !strings.ContainsAny(text, "'\"`-/") {
			t.Fatalf("%q: a ? is left outside quotes and comments in %q", text, fp.Text)
		}
	})
}
