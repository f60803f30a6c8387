package sqlsession

import "sync"

// Tarantool identifies a prepared statement by a 32-bit hash of its text
// (MurmurHash3, seed 13), in one cache for the whole server: PREPARE of a
// text whose hash is that of a statement prepared before, by any session,
// returns that other statement, and EXECUTE by the id runs it. Two texts
// collide once in about 2^32 pairs ("SELECT ? + 13669" and
// "SELECT ? + 71139" do, on every version: the root package's
// TestServerPreparedCollision).
//
// So that such a statement never runs in place of the text, the SQL
// driver and box record here the ids their sessions hold, with their
// texts, across the process: a PREPARE whose id stands for another text
// is a collision, and the holder runs its text unprepared instead. The
// SQL driver also checks that the reply fits the text (result columns or
// none, the count of '?'), which catches some collisions with statements
// other processes prepared; one of the same shape prepared by another
// process is not caught.

// preparedIDs records, for the process, the text each prepared statement id
// held by one of its sessions stands for, and how many sessions hold it.
var preparedIDs = struct {
	mu sync.Mutex
	m  map[uint64]*idText
}{m: map[uint64]*idText{}}

type idText struct {
	text string
	refs int
}

// ClaimPreparedID records that a session holds id for text. It reports
// false, recording nothing, when id stands for another text in the
// process: the server's statement for id is not text's.
func ClaimPreparedID(id uint64, text string) bool {
	preparedIDs.mu.Lock()
	defer preparedIDs.mu.Unlock()
	if e := preparedIDs.m[id]; e != nil {
		if e.text != text {
			return false
		}
		e.refs++
		return true
	}
	preparedIDs.m[id] = &idText{text: text, refs: 1}
	return true
}

// PreparedIDText returns the text id stands for in the process, or "".
func PreparedIDText(id uint64) string {
	preparedIDs.mu.Lock()
	defer preparedIDs.mu.Unlock()
	if e := preparedIDs.m[id]; e != nil {
		return e.text
	}
	return ""
}

// ReleasePreparedID records that a session no longer holds id.
func ReleasePreparedID(id uint64) {
	preparedIDs.mu.Lock()
	defer preparedIDs.mu.Unlock()
	if e := preparedIDs.m[id]; e != nil {
		if e.refs--; e.refs <= 0 {
			delete(preparedIDs.m, id)
		}
	}
}
