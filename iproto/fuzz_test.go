package iproto_test

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// responseSeeds are whole packets after the size prefix: the real replies
// of response_test.go and the golden requests.
func responseSeeds() [][]byte {
	seeds := [][]byte{
		pingReply[5:],
		noSuchProcReply[5:],
		replyPacket(0, 1, selectBody)[5:],
		replyPacket(0, 1, executeBody)[5:],
		replyPacket(0, 1, prepareBody)[5:],
		replyPacket(0, 1, prepareDMLBod)[5:],
		replyPacket(0, 1, sqlInfoBody)[5:],
		replyPacket(0x80de, 1, nestedErrorBody)[5:],
		replyPacket(0, 1, append(wire("81 30 dd 00000002 01"), errorExtValue...))[5:],
		replyPacket(0, 1, wire("83 54 04 55 95 00 01 02 03 04 5b a9 'chap-sha1'"))[5:],
		replyPacket(76, 0, wire("82 57 aa 'box.schema' 58 81 a7 'version' 53"))[5:],
		replyPacket(0, 1, wire("82 30 90 35 a3 'pos'"))[5:],
	}
	for _, g := range goldenRequests() {
		pkt, err := iproto.AppendPacket(nil, g.header, g.req)
		if err == nil {
			seeds = append(seeds, pkt[5:])
		}
	}
	return seeds
}

// checkOneValue checks a raw value that ParseBody returned: it must be
// exactly one value for Skip, and Any must not read past it.
func checkOneValue(t *testing.T, what string, raw []byte) {
	d := iproto.NewDecoder(raw)
	if err := d.Skip(); err != nil || d.Len() != 0 {
		t.Fatalf("%s %s: Skip left %d bytes, error %v; ParseBody must return exactly one value", what, hexOf(raw), d.Len(), err)
	}
	d.Reset(raw)
	if _, err := d.Any(); err == nil && d.Len() != 0 {
		t.Fatalf("%s %s: Any left %d bytes", what, hexOf(raw), d.Len())
	} else if err != nil && !errors.Is(err, iproto.ErrMalformed) {
		t.Fatalf("%s %s: Any error %v does not match ErrMalformed", what, hexOf(raw), err)
	}
}

func FuzzResponse(f *testing.F) {
	for _, s := range responseSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pkt []byte) {
		h, body, err := iproto.DecodeHeader(pkt)
		if err != nil {
			if !errors.Is(err, iproto.ErrMalformed) {
				t.Fatalf("DecodeHeader error %v does not match ErrMalformed", err)
			}
			return
		}
		_ = h.Type.String()
		var b iproto.Body
		if err := iproto.ParseBody(body, &b); err != nil {
			if !errors.Is(err, iproto.ErrMalformed) {
				t.Fatalf("ParseBody error %v does not match ErrMalformed", err)
			}
			return
		}
		for what, raw := range map[string][]byte{"Data": b.Data, "Metadata": b.Metadata,
			"BindMetadata": b.BindMetadata, "SQLInfo": b.SQLInfo, "ErrorStack": b.ErrorStack,
			"Features": b.Features, "EventData": b.EventData} {
			if raw != nil {
				checkOneValue(t, what, raw)
			}
		}
		if b.ErrorStack != nil {
			// The error map, decoded as an MP_ERROR value would be.
			ext := append(iproto.AppendExtHeader(nil, iproto.ExtError, len(b.ErrorStack)), b.ErrorStack...)
			v, err := iproto.NewDecoder(ext).Any()
			if e, ok := v.(*iproto.Error); err == nil && ok {
				_ = e.Error()
				for c := errors.Unwrap(e); c != nil; c = errors.Unwrap(c) {
					_ = c.Error()
				}
			}
		}
	})
}

// plain reports whether v holds only values AppendValue writes back in the
// same form (no extension values, no NaN).
func plain(v any) bool {
	switch x := v.(type) {
	case iproto.Ext, *iproto.Error:
		return false
	case float64:
		return !math.IsNaN(x)
	case float32:
		return !math.IsNaN(float64(x))
	case []any:
		for _, e := range x {
			if !plain(e) {
				return false
			}
		}
	case map[string]any:
		for _, e := range x {
			if !plain(e) {
				return false
			}
		}
	case map[any]any:
		for k, e := range x {
			if !plain(k) || !plain(e) {
				return false
			}
		}
	}
	return true
}

func FuzzDecoderAny(f *testing.F) {
	for _, tc := range decodeCases {
		f.Add(tc.in)
	}
	for _, s := range []string{"c1", "92 01 c1", "d9 05 'ab'", "dd ffffffff 01", "df 80000000 01 02",
		"81 91 01 02", "c7 01 03 c1", "9f 01 02"} {
		f.Add(wire(s))
	}
	f.Add(errorExtValue)
	f.Add(nestErrors(4))
	f.Add(append(bytes.Repeat([]byte{0x91}, 300), 0xc0))
	f.Fuzz(func(t *testing.T, b []byte) {
		d := iproto.NewDecoder(b)
		v, errAny := d.Any()
		anyOff := d.Offset()

		d.Reset(b)
		errSkip := d.Skip()
		skipOff := d.Offset()

		d.Reset(b)
		raw, errRaw := d.Raw()

		for name, err := range map[string]error{"Any": errAny, "Skip": errSkip, "Raw": errRaw} {
			if err != nil && !errors.Is(err, iproto.ErrMalformed) {
				t.Fatalf("%s error %v does not match ErrMalformed", name, err)
			}
		}
		if (errSkip == nil) != (errRaw == nil) {
			t.Fatalf("Skip error %v but Raw error %v", errSkip, errRaw)
		}
		if errSkip == nil && (!bytes.Equal(raw, b[:skipOff]) || d.Offset() != skipOff) {
			t.Fatalf("Raw returned %s (offset %d), Skip consumed %s", hexOf(raw), d.Offset(), hexOf(b[:skipOff]))
		}
		if errAny == nil && (errSkip != nil || anyOff != skipOff) {
			t.Fatalf("Any consumed %d bytes, Skip %d bytes with error %v", anyOff, skipOff, errSkip)
		}
		if errAny != nil || !plain(v) {
			return
		}
		enc, err := iproto.AppendValue(nil, v)
		if err != nil {
			if !strings.Contains(err.Error(), "deeper") {
				t.Fatalf("AppendValue(%#v): %v", v, err)
			}
			return
		}
		v2, err := iproto.NewDecoder(enc).Any()
		if err != nil || !reflect.DeepEqual(v, v2) {
			t.Fatalf("re-encoded %#v as %s, decoded %#v, %v", v, hexOf(enc), v2, err)
		}
	})
}

// to128 pads or cuts b to a greeting's length, so that mutations reach
// the parser past the length check.
func to128(b []byte) []byte {
	out := bytes.Repeat([]byte{' '}, iproto.GreetingSize)
	copy(out, b)
	return out
}

func FuzzGreeting(f *testing.F) {
	f.Add(realGreeting)
	for _, g := range badGreetings {
		f.Add(g.in)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, in := range [][]byte{b, to128(b)} {
			g, err := iproto.ParseGreeting(in)
			if err != nil {
				if !errors.Is(err, iproto.ErrNotIproto) {
					t.Fatalf("error %v does not match ErrNotIproto", err)
				}
				continue
			}
			if len(in) != iproto.GreetingSize || len(g.Salt) < 20 {
				t.Fatalf("accepted a %d-byte greeting with a %d-byte salt", len(in), len(g.Salt))
			}
			if w := bytes.Fields(in[:64]); !bytes.HasPrefix(in, []byte("Tarantool ")) || len(w) < 3 || string(w[2]) != "(Binary)" {
				t.Fatalf("accepted %q", in)
			}
			_ = iproto.ChapSHA1Scramble("password", g.Salt)
		}
	})
}
