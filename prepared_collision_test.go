package tarantool_test

import (
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
)

// Texts whose MurmurHash3 (seed 13), Tarantool's prepared statement id,
// is the same: found by hashing "SELECT ? + k" for k up to 400000.
const (
	collideA = "SELECT ? + 13669"
	collideB = "SELECT ? + 71139"
	// collideUpdate has the id of collideSelect.
	collideSelect = "SELECT ? + 232538"
	collideUpdate = "UPDATE coll SET v = ? WHERE id = 23861"
)

// TestServerPreparedCollision documents the server's behaviour the driver
// guards against: two texts with one 32-bit hash get one statement, the
// first prepared, on every version.
func TestServerPreparedCollision(t *testing.T) {
	if a, b := tnttest.PrepareElsewhere(t, tnttest.Require(t), collideA), tnttest.PrepareElsewhere(t, tnttest.Require(t), collideB); a != b {
		t.Fatalf("ids %d and %d: the texts no longer collide (has the server's id changed?)", a, b)
	}
	db := openDB(t, "")
	// database/sql's text path never prepares: the right answer.
	var got int
	if err := db.QueryRow(collideB, 1).Scan(&got); err != nil || got != 71140 {
		t.Errorf("%s as text: got %d, %v; want 71140", collideB, got, err)
	}
}

// TestPreparedCollisionInProcess: when one session of the process holds a
// statement for a text, a Stmt of a colliding text in another session runs
// its own text, not the other's statement.
func TestPreparedCollisionInProcess(t *testing.T) {
	db1 := openDB(t, "")
	db2 := openDB(t, "") // another Connector: another socket, another server session
	s1, err := db1.Prepare(collideA)
	if err != nil {
		t.Fatal(err)
	}
	defer s1.Close()
	s2, err := db2.Prepare(collideB)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	var a, b int
	if err := s1.QueryRow(1).Scan(&a); err != nil || a != 13670 {
		t.Errorf("%s: got %d, %v; want 13670", collideA, a, err)
	}
	if err := s2.QueryRow(1).Scan(&b); err != nil || b != 71140 {
		t.Errorf("%s prepared while %s is held: got %d, %v; want 71140 (not the other statement's 13670)", collideB, collideA, b, err)
	}
}

// TestPreparedCollisionShape: a colliding statement prepared by another
// process is caught when it does not fit the text: here an UPDATE (no
// result columns) for a SELECT.
func TestPreparedCollisionShape(t *testing.T) {
	db := openDB(t, "")
	createTable(t, db, "coll", "id INTEGER PRIMARY KEY, v INTEGER")
	if a, b := tnttest.PrepareElsewhere(t, tnttest.Require(t), collideUpdate), tnttest.PrepareElsewhere(t, tnttest.Require(t), collideSelect); a != b {
		t.Fatalf("ids %d and %d: the texts no longer collide", a, b)
	}
	s, err := db.Prepare(collideSelect)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got int
	if err := s.QueryRow(1).Scan(&got); err != nil || got != 232539 {
		t.Errorf("%s with the UPDATE prepared elsewhere: got %d, %v; want 232539", collideSelect, got, err)
	}
}

// TestPreparedForeignCollision: db.Prepare of a text whose fingerprinted
// form has the id of a statement another process prepared, of the same
// shape, runs its own text (the texts of
// TestStatementCacheForeignCollision).
func TestPreparedForeignCollision(t *testing.T) {
	s := tnttest.Require(t)
	tnttest.PrepareForeignCollision(t, s)
	db := openDB(t, "")
	stmt, err := db.Prepare(tnttest.CollideCached)
	if err != nil {
		t.Fatal(err)
	}
	defer stmt.Close()
	for i := 0; i < 3; i++ {
		var n int
		if err := stmt.QueryRow(2).Scan(&n); err != nil || n != 2*7234 {
			t.Errorf("run %d of %s: got %d, %v; want %d (the other statement gives %d)", i+1, tnttest.CollideCached, n, err, 2*7234, 2+147026)
		}
	}
}
