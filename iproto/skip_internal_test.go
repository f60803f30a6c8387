package iproto

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
)

// FuzzSkipWellFormed checks Skip's one-pass walk against the value-by-value
// one it falls back to: the same values accepted, ending at the same byte.
func FuzzSkipWellFormed(f *testing.F) {
	for _, s := range []string{
		"00", "c0", "c2", "c3", "cc ff", "cd 0102", "ce 01020304", "cf 0102030405060708",
		"d0 80", "d3 ffffffffffffffff", "ca 3f800000", "cb 400921fb54442d18",
		"a3 616263", "d9 03 616263", "da 0003 616263", "db 00000003 616263",
		"c4 02 dead", "c5 0002 dead", "c6 00000002 dead",
		"d4 01 02", "d5 01 0203", "d6 01 02030405", "d7 01 0102030405060708",
		"d8 01 0102030405060708090a0b0c0d0e0f10", "c7 02 05 0102", "c8 0002 05 0102", "c9 00000002 05 0102",
		"92 01 a1 78", "dc 0002 01 02", "dd 00000002 01 02", "82 01 02 03 04", "de 0001 01 02", "df 00000001 01 02",
		"9a 01 cd 0400 d0 9c a5 68656c6c6f c3 c0 c4 04 deadbeef 92 01 a1 78 cb 400921fb54442d18 c2",
		"c1", "92 01", "dd ffffffff 01", "df 80000000 01 02", "d9 05 6162", "c7 01", "c9 ffffffff 01",
	} {
		b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
		if err != nil {
			f.Fatal(s, err)
		}
		f.Add(b)
	}
	f.Add(append(bytes.Repeat([]byte{0x91}, 300), 0xc0))
	f.Fuzz(func(t *testing.T, b []byte) {
		end, ok := skipWellFormed(b, 0)
		d := NewDecoder(b)
		err := d.skipChecked()
		if ok != (err == nil) {
			t.Fatalf("% x: one pass ok=%v, value by value error %v", b, ok, err)
		}
		if ok && end != d.Offset() {
			t.Fatalf("% x: one pass ends at %d, value by value at %d", b, end, d.Offset())
		}
	})
}
