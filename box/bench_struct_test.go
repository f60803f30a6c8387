package box

import (
	"reflect"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

type benchBase struct {
	ID    uint64
	Price float64
}

type benchFlat struct {
	ID    uint64
	Price float64
	Name  string
	OK    bool
}

type benchEmbedded struct {
	benchBase
	Name string
	OK   bool
}

type benchEmbeddedPtr struct {
	*benchBase
	Name string
	OK   bool
}

// BenchmarkDecodeStruct decodes one tuple into a reused struct: flat, and
// with the same fields coming from an embedded struct (value or pointer).
func BenchmarkDecodeStruct(b *testing.B) {
	data, err := iproto.AppendValue(nil, []any{uint64(1), 2.5, "name", true})
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		dst  any
	}{
		{"Flat", new(benchFlat)},
		{"Embedded", new(benchEmbedded)},
		// A nil pointer to an unexported struct cannot be allocated.
		{"EmbeddedPtr", &benchEmbeddedPtr{benchBase: new(benchBase)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			v := reflect.ValueOf(bc.dst).Elem()
			var d iproto.Decoder
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				d.Reset(data)
				if err := decodeValue(&d, v, nil, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
