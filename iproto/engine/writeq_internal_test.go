package engine

import "testing"

// queue builds a write queue of requests (letters: a request of Send with
// that sync) and posts (digits: bytes Post queued, in no segment).
func queue(items ...string) *Conn {
	c := &Conn{}
	for i, it := range items {
		start := len(c.wbuf)
		c.wbuf = append(c.wbuf, it...)
		if it[0] >= 'a' {
			c.wsegs = append(c.wsegs, wseg{sync: uint64(i), start: start, end: len(c.wbuf)})
		}
	}
	return c
}

func TestDropGivenUp(t *testing.T) {
	c := queue("aa", "11", "bbb", "c", "22", "dd")
	c.dropped = map[uint64]struct{}{2: {}, 5: {}} // "bbb" and "dd"
	c.dropGivenUp()
	if got := string(c.wbuf); got != "aa11c22" {
		t.Errorf("queue after dropping: got %q, want %q", got, "aa11c22")
	}
	want := []wseg{{0, 0, 2}, {3, 4, 5}}
	if len(c.wsegs) != len(want) || c.wsegs[0] != want[0] || c.wsegs[1] != want[1] {
		t.Errorf("segments: got %v, want %v", c.wsegs, want)
	}
	if len(c.dropped) != 0 {
		t.Errorf("%d syncs still to drop", len(c.dropped))
	}
	// The tail of a batch put back goes first and keeps its requests;
	// the segments behind it move with it.
	c.putBack([]byte("zz"))
	if got := string(c.wbuf); got != "zzaa11c22" {
		t.Errorf("queue after putBack: got %q", got)
	}
	c.dropped = map[uint64]struct{}{0: {}}
	c.dropGivenUp()
	if got := string(c.wbuf); got != "zz11c22" {
		t.Errorf("dropping after putBack: got %q, want %q", got, "zz11c22")
	}
}

// TestDropUnwrittenCompacts: bytes of given-up requests stay in the queue
// (marked) until they are half of it and at least compactAfter; then they
// are cut out at once, not at the next write.
func TestDropUnwrittenCompacts(t *testing.T) {
	c := &Conn{}
	const size = 1 << 10
	var fs []*future
	for i := range 2 * compactAfter / size {
		f := &future{sync: uint64(i), buf: make([]byte, size)}
		start := len(c.wbuf)
		c.wbuf = append(c.wbuf, f.buf...)
		c.wsegs = append(c.wsegs, wseg{sync: f.sync, start: start, end: len(c.wbuf)})
		fs = append(fs, f)
	}
	full := len(c.wbuf)
	for _, f := range fs[:compactAfter/size-1] {
		c.dropUnwritten(f)
	}
	if len(c.wbuf) != full || c.droppedBytes != compactAfter-size {
		t.Fatalf("below the threshold: queue %d bytes (want %d), %d dropped bytes marked", len(c.wbuf), full, c.droppedBytes)
	}
	c.dropUnwritten(fs[compactAfter/size-1])
	if len(c.wbuf) != full-compactAfter || len(c.wsegs) != len(fs)-compactAfter/size || c.droppedBytes != 0 || len(c.dropped) != 0 {
		t.Errorf("at the threshold: queue %d bytes (want %d), %d segments, %d dropped bytes, %d marks",
			len(c.wbuf), full-compactAfter, len(c.wsegs), c.droppedBytes, len(c.dropped))
	}
}
