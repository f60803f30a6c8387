package engine

import "testing"

// TestPendingTable: Futures whose syncs share a slot (a request still in
// flight a full round of syncs later) are kept apart and found again.
func TestPendingTable(t *testing.T) {
	tab := newPendingTable()
	mk := func(sync uint64) *future { return &future{sync: sync} }
	slow := mk(5)
	tab.put(slow)
	var round []*future
	for s := uint64(6); s <= 5+2*pendingSlots; s++ { // twice round the table
		f := mk(s)
		tab.put(f)
		round = append(round, f)
	}
	if got, want := tab.len(), 1+len(round); got != want {
		t.Fatalf("len %d, want %d", got, want)
	}
	for _, f := range append([]*future{slow}, round...) {
		if g := tab.get(f.sync); g != f {
			t.Fatalf("get(%d) = %p, want %p", f.sync, g, f)
		}
	}
	if g := tab.get(5 + 3*pendingSlots); g != nil {
		t.Errorf("get of a sync never put = %v, want nil", g)
	}
	// The slow request's reply comes last; the ones sharing its slot are
	// still found while and after it goes.
	for _, f := range round {
		if !tab.remove(f) {
			t.Fatalf("remove(%d) = false", f.sync)
		}
		if tab.remove(f) {
			t.Fatalf("second remove(%d) = true", f.sync)
		}
	}
	if g := tab.get(5); g != slow || tab.len() != 1 {
		t.Fatalf("after the round: get(5) = %p, len %d; want %p, 1", g, tab.len(), slow)
	}
	other := mk(5 + pendingSlots)
	tab.put(other) // its slot is still taken by the slow request
	if !tab.remove(slow) || tab.get(5) != nil || tab.get(other.sync) != other {
		t.Fatal("removing the slot's holder lost the request behind it")
	}
	left := tab.close()
	if len(left) != 1 || left[0] != other || !tab.closed() || tab.len() != 0 {
		t.Fatalf("close returned %v (closed %v, len %d), want [%p]", left, tab.closed(), tab.len(), other)
	}
	if tab.get(other.sync) != nil || tab.remove(other) {
		t.Error("a closed table still holds requests")
	}
}
