package tarantool

import (
	"database/sql/driver"
	"io"
	"testing"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// FuzzSQLReply decodes arbitrary EXECUTE reply bodies as the driver does,
// into a Result and into Rows read to the end: errors, never a panic,
// never more rows than the body has bytes.
func FuzzSQLReply(f *testing.F) {
	for _, hex := range [][]byte{
		// {METADATA: [{NAME: "A", TYPE: "integer"}], DATA: [[1]]}
		{0x82, 0x32, 0x91, 0x82, 0x00, 0xa1, 'A', 0x01, 0xa7, 'i', 'n', 't', 'e', 'g', 'e', 'r', 0x30, 0x91, 0x91, 0x01},
		// {SQL_INFO: {ROW_COUNT: 1, AUTOINCREMENT_IDS: [103]}}
		{0x81, 0x42, 0x82, 0x00, 0x01, 0x01, 0x91, 0x67},
		// two columns, rows of the wrong width, a string, a nil, a float, a map
		{0x82, 0x32, 0x92, 0x81, 0x00, 0xa1, 'A', 0x81, 0x00, 0xa1, 'B', 0x30, 0x93,
			0x92, 0xa2, 'h', 'i', 0xc0, 0x91, 0x01, 0x92, 0xcb, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18, 0x81, 0x01, 0x02},
		// DATA without METADATA, and an array length beyond the body
		{0x81, 0x30, 0xdd, 0xff, 0xff, 0xff, 0xff, 0x90},
		// an extension value (decimal 1.5) in a row
		{0x82, 0x32, 0x91, 0x81, 0x00, 0xa1, 'D', 0x30, 0x91, 0x91, 0xd5, 0x01, 0x01, 0x15},
	} {
		f.Add(hex)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if res, err := newResult(engine.NewResponse(iproto.Header{}, body)); err == nil {
			res.LastInsertId()
			res.RowsAffected()
		}
		cfg := NewConfig()
		cfg.LowerColumnNames = len(body)%2 == 0
		c := newConn(nil, cfg)
		rows, err := c.newRows(engine.NewResponse(iproto.Header{}, body), nil)
		if err != nil {
			return
		}
		defer rows.Close()
		names := rows.Columns()
		for i := range names {
			rows.ColumnTypeDatabaseTypeName(i)
			rows.ColumnTypeScanType(i)
			rows.ColumnTypeNullable(i)
		}
		dest := make([]driver.Value, len(names))
		for n := 0; n <= len(body); n++ {
			if err := rows.Next(dest); err == io.EOF || err != nil {
				return
			}
		}
		t.Fatalf("more rows than the %d bytes of the body", len(body))
	})
}
