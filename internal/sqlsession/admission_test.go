package sqlsession

import "testing"

func TestAdmission(t *testing.T) {
	a := NewAdmission(1) // sets cleared at 4 texts
	if a.Prepare("q") {
		t.Fatal("a text was prepared at its first run")
	}
	if !a.Prepare("q") {
		t.Fatal("a text was not prepared at its second run")
	}
	if a.Prepare("q") {
		t.Fatal("a third sighting after a prepare counts as a first")
	}
	a.Refuse("r")
	a.Prepare("r")
	if a.Prepare("r") {
		t.Fatal("a refused text was prepared")
	}
	for _, q := range []string{"a", "b", "c", "d", "e"} {
		a.Prepare(q)
	}
	if len(a.seen) > 4 {
		t.Fatalf("seen holds %d texts, more than 4 × capacity", len(a.seen))
	}
	if !CacheableKeyword("SELECT") || CacheableKeyword("CREATE") || CacheableKeyword("BEGIN") {
		t.Fatal("CacheableKeyword")
	}
}
