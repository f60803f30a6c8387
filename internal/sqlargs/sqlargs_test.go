package sqlargs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tntsql/tarantool/internal/sqlargs"
	"github.com/tntsql/tarantool/iproto"
)

func TestCheckSQLArgs(t *testing.T) {
	v26, v211 := iproto.MakeVersion(2, 6, 0), iproto.MakeVersion(2, 11, 5)
	u := uuid.New()
	type pair struct{ A, B int } // a struct encodes as an array
	for _, tc := range []struct {
		ver     iproto.Version
		args    []any
		wantErr string // "" for none
	}{
		{v26, []any{1, "a", nil, 2.5, []byte("b"), uint64(1 << 63)}, ""},
		{v26, []any{1, u}, "SQL argument 2 is a UUID (uuid.UUID); Tarantool 2.6.0 cannot bind"},
		{v26, []any{&u}, "UUID (*uuid.UUID)"},
		{v26, []any{decimal.NewFromInt(1)}, "DECIMAL"},
		{v26, []any{time.Now()}, "DATETIME"},
		{v26, []any{iproto.Interval{}}, "INTERVAL"},
		{v26, []any{iproto.RawValue{0xd5, 0x01, 0x00, 0x1c}}, "DECIMAL"},
		{v26, []any{pair{1, 2}}, "ARRAY"},
		{v26, []any{iproto.NamedArg{Name: ":m", Value: map[string]int{"a": 1}}}, "SQL argument :m is a MAP"},
		{v211, []any{u, decimal.Zero, time.Now(), iproto.Interval{}, []any{u}, iproto.NamedArg{Name: ":m", Value: map[string]any{}}}, ""},
		{v211, []any{1, map[string]any{":x": 1}}, "SQL argument 2 is a MAP (map[string]interface {}); a MAP binds only by name (NamedArg)"},
	} {
		err := sqlargs.Check(tc.ver, tc.args)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%v on %v: got %v, want no error", tc.args, tc.ver, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%v on %v: got %v, want an error with %q", tc.args, tc.ver, err, tc.wantErr)
		}
	}
}
