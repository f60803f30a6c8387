package iproto_test

import (
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

// BenchmarkEncodeStruct encodes a struct as a tuple: flat, and with the
// same fields coming from an embedded struct (value or pointer). Values
// are boxed once, outside the loop.
func BenchmarkEncodeStruct(b *testing.B) {
	for _, bc := range []struct {
		name string
		v    any
	}{
		{"Flat", benchFlat{1, 2.5, "name", true}},
		{"Embedded", benchEmbedded{benchBase{1, 2.5}, "name", true}},
		{"EmbeddedPtr", benchEmbeddedPtr{&benchBase{1, 2.5}, "name", true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			buf := make([]byte, 0, 64)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var err error
				if buf, err = iproto.AppendValue(buf[:0], bc.v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
