package box

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/internal/hostile"
	"github.com/tntsql/tarantool/iproto"
)

// nested is a slice type that holds itself, so that its values may nest
// as deep as the input does.
type nested []nested

// TestDecodeRecursiveTypeDepth checks that nesting through a slice type
// holding itself counts against the depth limit: 100000 levels are refused
// with an error, not a stack overflow.
func TestDecodeRecursiveTypeDepth(t *testing.T) {
	in := make([]byte, 100000)
	for i := range in {
		in[i] = 0x91 // an array of one element
	}
	in[len(in)-1] = 0x90
	var v nested
	err := decodeValue(iproto.NewDecoder(in), reflect.ValueOf(&v).Elem(), nil, 0)
	if err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Fatalf("got error %v, want one about nesting", err)
	}
	var shallow nested
	if err := decodeValue(iproto.NewDecoder([]byte{0x91, 0x91, 0x90}), reflect.ValueOf(&shallow).Elem(), nil, 0); err != nil {
		t.Fatalf("3 levels: %v", err)
	}
	if len(shallow) != 1 || len(shallow[0]) != 1 || len(shallow[0][0]) != 0 {
		t.Errorf("3 levels: got %#v", shallow)
	}
}

// TestDecodePreallocationBound checks that nested arrays and maps, each
// declaring as many elements as bytes are left, do not make a 1 MiB input
// allocate far more than its size before the decoder finds it malformed.
func TestDecodePreallocationBound(t *testing.T) {
	const size, levels = 1 << 20, 60
	for _, tc := range []struct {
		name   string
		head32 byte
		dst    func() any
	}{
		{"slices", hostile.Array32, func() any { return new(nested) }},
		{"maps", hostile.Map32, func() any { return new(map[int]any) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := hostile.Claiming(tc.head32, levels, size)
			dst := tc.dst()
			var err error
			n := hostile.Allocated(func() {
				err = decodeValue(iproto.NewDecoder(b), reflect.ValueOf(dst).Elem(), nil, 0)
			})
			if err == nil {
				t.Fatal("decoded malformed input without an error")
			}
			if n > 16<<20 {
				t.Errorf("decoding %d bytes allocated %d MiB, want at most 16 MiB", len(b), n>>20)
			}
		})
	}
}

// TestDecodeLongSlice checks that a slice longer than the preallocation
// grows to take every element, into a fresh slice and over a shorter one.
func TestDecodeLongSlice(t *testing.T) {
	want := make([]any, 5000)
	for i := range want {
		want[i] = i
	}
	in := pack(t, want)
	for _, dst := range [][]int{nil, make([]int, 3, 10)} {
		if err := decodeValue(iproto.NewDecoder(in), reflect.ValueOf(&dst).Elem(), nil, 0); err != nil {
			t.Fatal(err)
		}
		if len(dst) != len(want) {
			t.Fatalf("got %d elements, want %d", len(dst), len(want))
		}
		for i, v := range dst {
			if v != i {
				t.Fatalf("element %d: got %d", i, v)
			}
		}
	}
}
