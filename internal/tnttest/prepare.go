package tnttest

import (
	"context"
	"testing"

	"github.com/tntsql/tarantool/internal/sqlsession"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// PrepareID prepares text on ic, outside the SQL driver and box, and
// returns the server's statement id.
func PrepareID(t testing.TB, ic *engine.Conn, text string) uint64 {
	t.Helper()
	resp, err := ic.Do(context.Background(), &iproto.Prepare{SQL: text})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Release()
	var b iproto.Body
	if err := resp.Parse(&b); err != nil {
		t.Fatal(err)
	}
	return b.StmtID
}

// PrepareElsewhere prepares text on a connection of its own to s, kept
// open until the test ends, as another process would, and returns the
// statement id.
func PrepareElsewhere(t testing.TB, s *Server, text string) uint64 {
	t.Helper()
	ic, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ic.Close() })
	return PrepareID(t, ic, text)
}

// Found by hashing the fingerprinted texts of "SELECT ? * i" against
// "SELECT ? + j", for i and j up to 2^18: fingerprinted
// (sqlsession.Fingerprint), CollideCached has the server's statement id
// of CollideForeign, a statement of the same shape (one parameter, one
// column) that gives x + 147026 where CollideCached gives x * 7234.
const (
	CollideCached  = "SELECT ? * 7234"
	CollideForeign = "SELECT ? + 147026"
)

// PrepareForeignCollision prepares CollideForeign on a connection of its
// own to s, as another process would, and checks that the fingerprinted
// CollideCached now gets that statement's id: a driver that prepares
// CollideCached's fingerprint is handed the foreign statement.
func PrepareForeignCollision(t testing.TB, s *Server) {
	t.Helper()
	fp, ok := sqlsession.NewFingerprint(CollideCached)
	if !ok {
		t.Fatal("tnttest: CollideCached is not fingerprinted")
	}
	if a, b := PrepareElsewhere(t, s, CollideForeign), PrepareElsewhere(t, s, fp.Text); a != b {
		t.Fatalf("tnttest: ids %d and %d: the texts no longer collide (has the fingerprint changed?)", a, b)
	}
}
