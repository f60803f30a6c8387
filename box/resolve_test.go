package box

import (
	"errors"
	"reflect"
	"testing"
)

// TestNameErrorSuggestions checks the names a lookup suggests, from a
// schema built by hand: the server tests (TestUnknownNameSuggestions)
// cover the case a real server gives SQL names.
func TestNameErrorSuggestions(t *testing.T) {
	kv := &Space{ID: 512, Name: "kv"}
	many := []*Space{{ID: 513, Name: "Orders"}, {ID: 514, Name: "ORDERS"},
		{ID: 515, Name: "Items"}, {ID: 516, Name: "ITEMS"}, {ID: 517, Name: "iTEMS"}}
	s := newSchema(1, append([]*Space{kv}, many...), []*Index{
		{SpaceID: 512, ID: 0, Name: "pk"}, {SpaceID: 512, ID: 1, Name: "by_v"},
	})
	for _, tc := range []struct {
		name         string
		space, index any
		want         *NameError
		msg          string
	}{
		{"one space", "KV", nil, &NameError{Kind: "space", Name: "KV", Suggestions: []string{"kv"}},
			`tarantool: no space "KV"; did you mean "kv"?`},
		{"two spaces", "orders", nil, &NameError{Kind: "space", Name: "orders", Suggestions: []string{"ORDERS", "Orders"}},
			`tarantool: no space "orders"; did you mean "ORDERS" or "Orders"?`},
		{"three spaces", "items", nil, &NameError{Kind: "space", Name: "items", Suggestions: []string{"ITEMS", "Items", "iTEMS"}},
			`tarantool: no space "items"; did you mean "ITEMS", "Items" or "iTEMS"?`},
		{"no match", "kv2", nil, &NameError{Kind: "space", Name: "kv2"}, `tarantool: no space "kv2"`},
		{"index", "kv", "PK", &NameError{Kind: "index", Name: "PK", Space: `"kv"`, Suggestions: []string{"pk"}},
			`tarantool: space "kv" has no index "PK"; did you mean "pk"?`},
		{"index, no match", "kv", "by_k", &NameError{Kind: "index", Name: "by_k", Space: `"kv"`},
			`tarantool: space "kv" has no index "by_k"`},
		{"space id", 999, nil, &NameError{Kind: "space", Name: "999"}, `tarantool: no space "999"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sid, byID, _ := asID("space", tc.space)
			iid, ixByID := uint32(0), true
			if tc.index != nil {
				iid, ixByID, _ = asID("index", tc.index)
			}
			_, err := lookup(s, tc.space, tc.index, sid, iid, byID, ixByID)
			var ne *NameError
			if !errors.As(err, &ne) {
				t.Fatalf("got %v, want a *NameError", err)
			}
			if !reflect.DeepEqual(ne, tc.want) {
				t.Errorf("got %#v, want %#v", ne, tc.want)
			}
			if err.Error() != tc.msg {
				t.Errorf("got message %q, want %q", err.Error(), tc.msg)
			}
		})
	}
}
