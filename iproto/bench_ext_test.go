package iproto_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/tntsql/tarantool/iproto"
)

// extBenchValues are one value of each extension type, as a tuple holds
// them.
func extBenchValues() map[string]any {
	return map[string]any{
		"decimal":  decimal.RequireFromString("-12345678901234567890.123456789"),
		"uuid":     uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
		"datetime": time.Date(2024, 2, 29, 12, 34, 56, 123456789, time.FixedZone("", 3*3600)),
		"interval": iproto.Interval{Months: 1, Days: -3, Seconds: 30, Adjust: iproto.AdjustLast},
	}
}

func BenchmarkExtEncode(b *testing.B) {
	for name, v := range extBenchValues() {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 64)
			for i := 0; i < b.N; i++ {
				var err error
				if buf, err = iproto.AppendValue(buf[:0], v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkExtDecode(b *testing.B) {
	for name, v := range extBenchValues() {
		enc, err := iproto.AppendValue(nil, v)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var d iproto.Decoder
			for i := 0; i < b.N; i++ {
				d.Reset(enc)
				if _, err := d.Any(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
