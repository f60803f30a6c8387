package iproto_test

import (
	"encoding/binary"
	"errors"
	"reflect"
	"runtime"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// claiming returns about size bytes of containers nested levels deep, each
// declaring as many elements as there are bytes after its header: the most
// a length check against the bytes left lets through. head32 is the
// container's 32-bit-length marker (0xdd array, 0xdf map); a map's pairs
// are keyed by 0 and its declared pair count is halved to pass the check.
// The padding is 0xc1, a byte no value starts with, so that decoding stops
// at the innermost container and what it allocated is all up front.
func claiming(head32 byte, levels, size int) []byte {
	var b []byte
	for i := 0; i < levels; i++ {
		b = append(b, head32, 0, 0, 0, 0)
		n := size - len(b)
		if head32 == 0xdf {
			n /= 2
		}
		binary.BigEndian.PutUint32(b[len(b)-4:], uint32(n))
		if head32 == 0xdf {
			b = append(b, 0x00)
		}
	}
	for len(b) < size {
		b = append(b, 0xc1)
	}
	return b
}

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

// allocatedBy returns the bytes f allocates.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
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
		{"Any arrays", claiming(0xdd, 250, size), anyErr},
		{"Any maps", claiming(0xdf, 250, size), anyErr},
		{"Any errors", claimingErrors(250), anyErr},
		{"DecodeColumns", claiming(0xdd, 1, size), func(b []byte) error { _, err := iproto.DecodeColumns(b); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			n := allocatedBy(func() { err = tc.dec(tc.in) })
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
