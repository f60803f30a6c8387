package box

import (
	"reflect"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// FuzzDecode feeds arbitrary bytes, as a reply's DATA, to Decode into
// every kind of destination: it must return an error or a value, never
// panic or hang.
func FuzzDecode(f *testing.F) {
	for _, seed := range []any{
		[]any{[]any{1, "a", []any{"x"}, map[string]any{"k": 1}}},
		[]any{[]any{uint64(1 << 63), -5, 1.5, true, nil, []byte{1}}},
		[]any{map[string]any{"ID": 1, "name": "n"}},
		[]any{[]any{1, "n", nil, int64(-1), "b", "ann"}},
		[]any{map[string]any{"ID": 1, "Note": "n", "A": 2}},
		[]any{},
	} {
		b, err := iproto.AppendValue(nil, seed)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{0x91, 0xdd, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0x91, 0xc7, 0x05, 0x01, 0x00})
	type inner struct {
		A []int
		M map[string]*int
	}
	type row struct {
		ID    uint64
		Name  string `msgpack:"name"`
		F     float32
		B     []byte
		Arr   [2]int8
		In    inner
		Ptr   *inner
		Any   any
		Tuple Tuple
	}
	// embedded takes fields through embedded pointers, one of them to an
	// unexported type that decoding cannot allocate.
	type low struct{ Low int }
	type embedded struct {
		*SfBase
		*low
		SfExtra
		Name string
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dsts := []any{new([]row), new(row), new([]embedded), new([]any), new([]Tuple), new(map[any]any), new(uint8), new(string)}
		for _, dst := range dsts {
			d := iproto.NewDecoder(data)
			n, err := d.ArrayLen()
			if err != nil {
				return
			}
			_ = decodeTuples(d, n, dst, nil)
			if !reflect.ValueOf(dst).Elem().IsValid() {
				t.Fatal("destination became invalid")
			}
		}
	})
}
