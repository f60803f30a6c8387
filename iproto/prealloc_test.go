package iproto_test

import (
	"encoding/binary"
	"errors"
	"reflect"
	"testing"

	"github.com/tntsql/tarantool/internal/hostile"
	"github.com/tntsql/tarantool/iproto"
)

// claimingErrors returns MP_ERROR values nested levels deep through their
// frames' FIELDS, each stack declaring as many frames as there are bytes
// after its header.
func claimingErrors(levels int) []byte {
	next := make([]byte, 4096)
	for i := 0; i < levels; i++ {
		rest := append(wire(`81 06 81 a1 'k'`), next...)
		payload := binary.BigEndian.AppendUint32(wire(`81 00 dd`), uint32(len(rest)))
		payload = append(payload, rest...)
		next = append(iproto.AppendExtHeader(nil, iproto.ExtError, len(payload)), payload...)
	}
	return next
}

// TestDecoderPreallocationBound checks that declared lengths cannot make
// a decoder allocate far beyond the size of its input: nested containers
// may each declare the whole remainder, and allocating that up front let a
// 1 MiB value claim 4 GiB.
func TestDecoderPreallocationBound(t *testing.T) {
	const size = 1 << 20
	const budget = 16 << 20
	for _, tc := range []struct {
		name string
		in   []byte
		dec  func([]byte) error
	}{
		{"Any arrays", hostile.Claiming(hostile.Array32, 250, size), anyErr},
		{"Any maps", hostile.Claiming(hostile.Map32, 250, size), anyErr},
		{"Any errors", claimingErrors(250), anyErr},
		{"DecodeColumns", hostile.Claiming(hostile.Array32, 1, size), func(b []byte) error { _, err := iproto.DecodeColumns(b); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			n := hostile.Allocated(func() { err = tc.dec(tc.in) })
			if n > budget {
				t.Errorf("decoding %d bytes allocated %d MiB, want at most %d MiB", len(tc.in), n>>20, budget>>20)
			}
			if !errors.Is(err, iproto.ErrMalformed) {
				t.Errorf("got error %v, want ErrMalformed", err)
			}
		})
	}
}

func anyErr(b []byte) error {
	_, err := iproto.NewDecoder(b).Any()
	return err
}

// TestDecoderLongContainers checks that containers longer than the
// preallocation still decode whole.
func TestDecoderLongContainers(t *testing.T) {
	arr := make([]any, 5000)
	m := make(map[string]any, 3000)
	for i := range arr {
		arr[i] = int64(i)
	}
	for i := 0; i < 3000; i++ {
		m[string(rune('a'+i%26))+string(rune(0x100+i))] = int64(i)
	}
	for _, v := range []any{arr, m} {
		enc, err := iproto.AppendValue(nil, v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := iproto.NewDecoder(enc).Any()
		if err != nil || !reflect.DeepEqual(got, v) {
			t.Errorf("%T of %d: decoded back differently (%v)", v, reflect.ValueOf(v).Len(), err)
		}
	}
}
