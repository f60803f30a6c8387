package box

import (
	"fmt"
	"strings"
	"testing"
)

// TestNameCache checks that cached pairs give what the maps give, that a
// pair never takes another's slot or answer, and that a full cache leaves
// the rest to the maps.
func TestNameCache(t *testing.T) {
	var spaces []*Space
	var indexes []*Index
	for i := range 200 {
		id := uint32(512 + i)
		spaces = append(spaces, &Space{ID: id, Name: fmt.Sprintf("space_%d", i)})
		indexes = append(indexes, &Index{SpaceID: id, ID: 0, Name: "pk"}, &Index{SpaceID: id, ID: 1, Name: "by_v"})
	}
	s := newSchema(3, spaces, indexes)
	resolveCached := func(space string, index any) (target, bool) {
		t.Helper()
		sn, in, ok := cacheableNames(space, index)
		if !ok {
			t.Fatalf("%q, %v: not cacheable", space, index)
		}
		if hit, ok := s.names.get(sn, in); ok {
			return hit, true
		}
		iid, ixByID := uint32(0), true
		if index != nil {
			iid, ixByID, _ = asID("index", index)
		}
		got, err := lookup(s, space, index, 0, iid, false, ixByID)
		if err != nil {
			t.Fatal(err)
		}
		s.names.put(sn, in, got)
		return got, false
	}
	hits := 0
	for round := range 3 {
		for i, sp := range spaces {
			for _, index := range []any{nil, "pk", "by_v"} {
				// A new string of the same text each time: a hit compares
				// contents, not pointers.
				name := strings.Clone(sp.Name)
				got, hit := resolveCached(name, index)
				if hit {
					hits++
				}
				wantIndex := uint32(0)
				if index == "by_v" {
					wantIndex = 1
				}
				if got.space != spaces[i] || got.spaceID != sp.ID || got.indexID != wantIndex || got.version != 3 {
					t.Fatalf("round %d: %q, %v resolved to %+v", round, name, index, got)
				}
			}
		}
	}
	if hits == 0 {
		t.Fatal("no pair was ever found in the cache")
	}
	filled := 0
	for i := range s.names {
		if s.names[i].Load() != nil {
			filled++
		}
	}
	// The first round fills each slot once; each later round hits every
	// filled slot once and finds the rest in the maps.
	if hits != 2*filled {
		t.Fatalf("%d slots filled, %d hits over the two rounds after the first", filled, hits)
	}
}

func TestCacheableNames(t *testing.T) {
	for _, tc := range []struct {
		space, index any
		ok           bool
	}{
		{"kv", nil, true}, {"kv", "pk", true}, {"kv", 0, false}, {512, "pk", false},
		{"", nil, false}, {"kv", "", false},
	} {
		if _, _, ok := cacheableNames(tc.space, tc.index); ok != tc.ok {
			t.Errorf("cacheableNames(%v, %v) = %v, want %v", tc.space, tc.index, ok, tc.ok)
		}
	}
}
