package tarantool

import (
	"database/sql/driver"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// rows is the result of a query. Rows are decoded one at a time on Next,
// straight from the reply buffer, which Close releases.
type rows struct {
	c    *Conn
	resp engine.Response
	set  *columnSet
	cols []column // set.cols
	dec  iproto.Decoder
	left int
	// kept marks rows a caller of Conn.Query holds: never reused, so
	// that a second Close or a read after Close cannot reach another
	// query's rows. database/sql closes the rows it gets once and reads
	// none after, so those are reused.
	kept bool
}

// noColumns is the column set of a reply without metadata.
var noColumns = &columnSet{}

// newRows takes ownership of resp. set, when given (a prepared
// statement's), is used if the reply carries no metadata.
func (c *Conn) newRows(resp engine.Response, set *columnSet) (*rows, error) {
	var b iproto.Body
	if err := resp.Parse(&b); err != nil {
		resp.Release()
		return nil, err
	}
	if b.Metadata != nil {
		var err error
		if set, err = c.columns(b.Metadata); err != nil {
			resp.Release()
			return nil, err
		}
	}
	if set == nil {
		set = noColumns
	}
	r := c.freeRows
	if r != nil {
		c.freeRows = nil
	} else {
		r = new(rows)
	}
	*r = rows{c: c, resp: resp, set: set, cols: set.cols}
	if b.Data != nil {
		r.dec.Reset(b.Data)
		n, err := r.dec.ArrayLen()
		if err != nil {
			r.Close()
			return nil, err
		}
		r.left = n
	}
	return r, nil
}

// Columns returns the column names. The slice is shared by every result
// of the same statement on the connection: read it, do not modify it.
func (r *rows) Columns() []string { return r.set.names }

// Close releases the reply; the connection reuses the Rows for its next
// query (database/sql calls nothing on Rows after Close).
func (r *rows) Close() error {
	if r.resp != (engine.Response{}) {
		r.resp.Release()
		r.resp = engine.Response{}
		r.left = 0
		if c := r.c; c != nil && c.freeRows == nil && !r.kept {
			*r = rows{}
			c.freeRows = r
		}
	}
	return nil
}

// Next decodes the next row into dest. Values: nil, bool, int64, uint64
// (above math.MaxInt64 only), float64, string, []byte (aliasing the reply,
// valid until Close), []any for ARRAY, map[string]any (or map[any]any when
// a key is not a string) for MAP, time.Time for DATETIME, and for DECIMAL,
// UUID and INTERVAL their exact text, which scans into decimal.Decimal,
// uuid.UUID and iproto.Interval (see the package's type table). Values inside an ARRAY or MAP
// keep their Go types (decimal.Decimal, uuid.UUID, iproto.Interval ...), as
// iproto.Decoder.Any returns them.
func (r *rows) Next(dest []driver.Value) error {
	if r.left == 0 {
		return io.EOF
	}
	r.left--
	n, err := r.dec.ArrayLen()
	if err != nil {
		return err
	}
	if n != len(dest) {
		return fmt.Errorf("tarantool: row has %d values for %d columns", n, len(dest))
	}
	for i := range dest {
		if dest[i], err = decodeValue(&r.dec); err != nil {
			return fmt.Errorf("tarantool: column %s: %w", r.cols[i].Name, err)
		}
	}
	return nil
}

// decodeValue decodes one SQL value.
func decodeValue(d *iproto.Decoder) (driver.Value, error) {
	switch d.Peek() {
	case iproto.KindNil:
		d.TryNil()
		return nil, nil
	case iproto.KindUint:
		v, err := d.Uint()
		if err != nil || v > math.MaxInt64 {
			return v, err
		}
		return int64(v), nil
	case iproto.KindInt:
		return d.Int()
	case iproto.KindString:
		return d.Str()
	case iproto.KindBinary:
		return d.Binary()
	case iproto.KindBool:
		return d.Bool()
	case iproto.KindFloat:
		return d.Float()
	case iproto.KindExt:
		v, err := d.Any()
		return resultValue(v), err
	}
	return d.Any()
}

// ColumnTypeDatabaseTypeName returns the column's Tarantool type, upper
// case: INTEGER, UNSIGNED, DOUBLE, NUMBER, STRING, TEXT, BOOLEAN,
// VARBINARY, SCALAR, DECIMAL, UUID, DATETIME, INTERVAL, ANY, MAP, ARRAY.
func (r *rows) ColumnTypeDatabaseTypeName(i int) string {
	return strings.ToUpper(r.cols[i].Type)
}

// ColumnTypeScanType returns the Go type the column scans into best.
func (r *rows) ColumnTypeScanType(i int) reflect.Type { return scanType(&r.cols[i]) }

// ColumnTypeNullable reports nullability; ok is false unless the server
// said (sql_full_metadata on, which is the default, and a table column).
func (r *rows) ColumnTypeNullable(i int) (nullable, ok bool) {
	return r.cols[i].Nullable, r.cols[i].NullableKnown
}
