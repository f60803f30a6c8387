package box_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// otherCase returns name upper-cased, or lower-cased when it already is.
func otherCase(name string) string {
	if up := strings.ToUpper(name); up != name {
		return up
	}
	return strings.ToLower(name)
}

// TestUnknownNameSuggestions asks for the harness's SQL table (ITEMS on
// 2.x, items on 3.x) in the case the server does not have, for the kv
// space as KV and for its pk index as PK: each *NameError suggests the
// name that exists.
func TestUnknownNameSuggestions(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "")
	sch, err := c.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var items string
	for _, sp := range sch.Spaces() {
		if strings.EqualFold(sp.Name, "items") {
			items = sp.Name
		}
	}
	if items == "" {
		t.Fatal("the schema has no space named items in any case")
	}
	for _, tc := range []struct {
		name         string
		space, index any
		want         box.NameError
	}{
		{"sql table", otherCase(items), nil, box.NameError{Kind: "space", Name: otherCase(items), Suggestions: []string{items}}},
		{"lua space", "KV", nil, box.NameError{Kind: "space", Name: "KV", Suggestions: []string{"kv"}}},
		{"index", "kv", "PK", box.NameError{Kind: "index", Name: "PK", Space: `"kv"`, Suggestions: []string{"pk"}}},
		{"no likeness", "kv_nowhere", nil, box.NameError{Kind: "space", Name: "kv_nowhere"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := c.Select(ctx, tc.space, tc.index, 1, nil).Err()
			var ne *box.NameError
			if !errors.As(err, &ne) {
				t.Fatalf("got %v, want a *NameError", err)
			}
			if !reflect.DeepEqual(*ne, tc.want) {
				t.Errorf("got %+v, want %+v", *ne, tc.want)
			}
			wantMsg := "tarantool: no space " + `"` + tc.want.Name + `"`
			if tc.want.Kind == "index" {
				wantMsg = `tarantool: space "kv" has no index "PK"`
			}
			if len(tc.want.Suggestions) == 1 {
				wantMsg += `; did you mean "` + tc.want.Suggestions[0] + `"?`
			}
			if err.Error() != wantMsg {
				t.Errorf("got message %q, want %q", err.Error(), wantMsg)
			}
		})
	}
	if err := c.Ping(ctx); err != nil {
		t.Errorf("connection unusable after unknown names: %v", err)
	}
}
