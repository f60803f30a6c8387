package crud

import (
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/iproto"
)

// FuzzDecodeReply feeds arbitrary bytes to the reply decoder, into each
// kind of destination: it must return, with an error or not, and never
// panic.
func FuzzDecodeReply(f *testing.F) {
	f.Add(reply(f, map[string]any{"metadata": customerMeta, "rows": []any{[]any{1, 2, "a", 3}}}, nil))
	f.Add(reply(f, nil, map[string]any{"class_name": "GetError", "err": "x", "line": 3}))
	f.Add(reply(f, map[string]any{"rows": []any{[]any{1}}, "metadata": customerMeta}, []any{map[string]any{"err": "e", "operation_data": []any{1}}}))
	f.Add(reply(f, 5, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &Client{}
		var structs []customer
		_ = c.decodeRows(data, &structs)
		var one customer
		_ = c.decodeRows(data, &one)
		var tuples []box.Tuple
		_ = c.decodeRows(data, &tuples)
		var anys [][]any
		_ = c.decodeRows(data, &anys)
		_ = c.decodeRows(data, nil)
		_ = c.values(data, func(d *iproto.Decoder) error { _, err := d.Uint(); return err })
	})
}
