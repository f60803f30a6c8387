package iproto

import (
	"bytes"
	"testing"
)

// TestAppendKeyValue checks how Select, Delete and Update write their
// keys: arrays as they are, a single scalar as a one-part key.
func TestAppendKeyValue(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  any
		want []byte
	}{
		{"nil", nil, []byte{0x90}},
		{"array", []any{1, "a"}, []byte{0x92, 0x01, 0xa1, 'a'}},
		{"uint scalar", uint64(300), []byte{0x91, 0xcd, 0x01, 0x2c}},
		{"string scalar", "k", []byte{0x91, 0xa1, 'k'}},
		{"null part", []any{nil}, []byte{0x91, 0xc0}},
		{"raw array", RawValue{0x91, 0x05}, []byte{0x91, 0x05}},
	} {
		got, err := appendKeyValue([]byte{0xee}, tc.key)
		if err != nil || !bytes.Equal(got, append([]byte{0xee}, tc.want...)) {
			t.Errorf("%s: got % x %v, want ee % x", tc.name, got, err, tc.want)
		}
	}
	for _, bad := range []any{map[string]int{"a": 1}, []int(nil), RawValue{}, (*int)(nil)} {
		got, err := appendKeyValue([]byte{0xee}, bad)
		if err == nil || !bytes.Equal(got, []byte{0xee}) {
			t.Errorf("%T %v: got % x %v, want an error and dst unchanged", bad, bad, got, err)
		}
	}
}
