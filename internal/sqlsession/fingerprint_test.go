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
