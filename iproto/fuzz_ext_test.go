package iproto_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tntsql/tarantool/internal/exact"
	"github.com/tntsql/tarantool/iproto"
)

// extSeeds returns the payloads of the extCases of type typ, the seeds of
// that type's fuzz target.
func extSeeds(typ iproto.ExtType) [][]byte {
	var seeds [][]byte
	for _, tc := range extCases {
		d := iproto.NewDecoder(tc.in)
	values:
		for d.Len() > 0 {
			var err error
			switch d.Peek() {
			case iproto.KindExt:
				var t iproto.ExtType
				var payload []byte
				if t, payload, err = d.Ext(); err == nil && t == typ {
					seeds = append(seeds, payload)
				}
			case iproto.KindArray: // several cases in one
				_, err = d.ArrayLen()
			default:
				err = d.Skip()
			}
			if err != nil {
				break values
			}
		}
	}
	return seeds
}

// checkExt decodes payload as an extension value of type typ. A value
// decoded without error must be of typ's Go type, encode without error,
// and decode again to the same value and the same bytes.
func checkExt(t *testing.T, typ iproto.ExtType, payload []byte) {
	in := append(iproto.AppendExtHeader(nil, typ, len(payload)), payload...)
	d := iproto.NewDecoder(in)
	v, err := d.Any()
	if err != nil {
		if !errors.Is(err, iproto.ErrMalformed) {
			t.Fatalf("Any(%s): error %v does not match ErrMalformed", hexOf(in), err)
		}
		return
	}
	if d.Len() != 0 {
		t.Fatalf("Any(%s) left %d bytes", hexOf(in), d.Len())
	}
	switch x := v.(type) {
	case decimal.Decimal, uuid.UUID, time.Time:
	case iproto.Interval:
		if back, err := iproto.ParseInterval(x.String()); err != nil || back != x {
			t.Fatalf("%#v: ParseInterval(%q) = %#v, %v", x, x.String(), back, err)
		}
	case *iproto.Error:
		_ = x.Error()
		return // decoded, never encoded by this package
	default:
		t.Fatalf("Any(%s): got a %T", hexOf(in), v)
	}
	enc, err := iproto.AppendValue(nil, v)
	if err != nil {
		t.Fatalf("Any(%s) = %v, which AppendValue refuses: %v", hexOf(in), v, err)
	}
	v2, err := iproto.NewDecoder(enc).Any()
	if err != nil || !exact.Equal(v, v2) {
		t.Fatalf("Any(%s) = %v; re-encoded as %s it reads %v, %v", hexOf(in), v, hexOf(enc), v2, err)
	}
	if enc2, err := iproto.AppendValue(nil, v2); err != nil || !bytes.Equal(enc, enc2) {
		t.Fatalf("%v encodes as %s, then as %s, %v", v, hexOf(enc), hexOf(enc2), err)
	}
}

func FuzzExtDecimal(f *testing.F) {
	for _, s := range extSeeds(iproto.ExtDecimal) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload []byte) { checkExt(t, iproto.ExtDecimal, payload) })
}

func FuzzExtUUID(f *testing.F) {
	for _, s := range extSeeds(iproto.ExtUUID) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload []byte) { checkExt(t, iproto.ExtUUID, payload) })
}

func FuzzExtDatetime(f *testing.F) {
	for _, s := range extSeeds(iproto.ExtDatetime) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload []byte) { checkExt(t, iproto.ExtDatetime, payload) })
}

func FuzzExtInterval(f *testing.F) {
	for _, s := range extSeeds(iproto.ExtInterval) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload []byte) { checkExt(t, iproto.ExtInterval, payload) })
}

func FuzzExtError(f *testing.F) {
	for _, in := range [][]byte{errorExtValue, nestErrors(3),
		wire(`c7 2b 03 81 00 91 86 00 ab 'ClientError' 02 03 01 ab '/tmp/t5.lua' 03 a5 'inner' 04 00 05 6f`)} {
		_, payload, err := iproto.NewDecoder(in).Ext()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(payload)
	}
	f.Fuzz(func(t *testing.T, payload []byte) { checkExt(t, iproto.ExtError, payload) })
}

// FuzzIntervalText checks that ParseInterval takes back what String
// writes for every interval it accepts.
func FuzzIntervalText(f *testing.F) {
	for _, s := range []string{"+0 seconds", "+1 years, 2 months, 3 weeks, 4 days, 5 hours, 6 minutes, 7 seconds, 8 nanoseconds",
		"-1 years, -200 months, adjust last", "3 day, adjust excess", "1 days, 1 days"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iv, err := iproto.ParseInterval(s)
		if err != nil {
			return
		}
		if back, err := iproto.ParseInterval(iv.String()); err != nil || back != iv {
			t.Fatalf("ParseInterval(%q) = %#v; its String %q reads %#v, %v", s, iv, iv.String(), back, err)
		}
		if _, err := iv.AppendMsgpack(nil); err != nil {
			t.Fatalf("ParseInterval(%q) = %#v, which does not encode: %v", s, iv, err)
		}
	})
}
