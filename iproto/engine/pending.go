package engine

// pendingTable holds the Futures awaiting replies, by sync. Syncs are
// handed out in sequence, so the requests in flight at one time fall in a
// narrow window of them: a Future is kept in slots at its sync modulo the
// table size, an index instead of a hash, and only one whose slot is
// still taken by a request from a full round earlier (a slow procedure)
// goes to the overflow map. Guarded by Conn.pmu.
type pendingTable struct {
	slots []*future
	over  map[uint64]*future // nil while empty
	n     int
}

// pendingSlots is the table size: more than any realistic number of
// requests in flight on one connection at once.
const pendingSlots = 1024

func newPendingTable() pendingTable {
	return pendingTable{slots: make([]*future, pendingSlots)}
}

func (t *pendingTable) len() int { return t.n }

// closed reports whether the table was drained for good (the connection
// failed).
func (t *pendingTable) closed() bool { return t.slots == nil }

// put adds f under f.sync, which must not be in the table.
func (t *pendingTable) put(f *future) {
	i := f.sync % pendingSlots
	if t.slots[i] == nil {
		t.slots[i] = f
	} else {
		if t.over == nil {
			t.over = make(map[uint64]*future)
		}
		t.over[f.sync] = f
	}
	t.n++
}

// get returns the Future waiting for sync, or nil.
func (t *pendingTable) get(sync uint64) *future {
	if t.slots == nil {
		return nil
	}
	if f := t.slots[sync%pendingSlots]; f != nil && f.sync == sync {
		return f
	}
	if t.over != nil {
		return t.over[sync]
	}
	return nil
}

// remove takes f out of the table and reports whether it was there.
func (t *pendingTable) remove(f *future) bool {
	if t.slots == nil {
		return false
	}
	i := f.sync % pendingSlots
	if t.slots[i] == f {
		t.slots[i] = nil
	} else if t.over != nil && t.over[f.sync] == f {
		delete(t.over, f.sync)
		if len(t.over) == 0 {
			t.over = nil
		}
	} else {
		return false
	}
	t.n--
	return true
}

// each calls fn for every Future in the table; fn may remove it.
func (t *pendingTable) each(fn func(*future)) {
	for _, f := range t.slots {
		if f != nil {
			fn(f)
		}
	}
	for _, f := range t.over {
		fn(f)
	}
}

// close empties the table for good and returns what it held.
func (t *pendingTable) close() []*future {
	all := make([]*future, 0, t.n)
	t.each(func(f *future) { all = append(all, f) })
	t.slots, t.over, t.n = nil, nil, 0
	return all
}
