package crud

import (
	"errors"
	"fmt"
	"sync"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/iproto"
)

// ErrConsumed is returned by a Result that was read already.
var ErrConsumed = box.ErrConsumed

// Result is one crud request: sent when the method returned it, read by
// exactly one of Decode, Tuples, Err or Release, each of which waits for
// the reply. Many Results may be kept in flight and read afterwards.
//
// crud answers {metadata, rows}: Decode puts the rows into structs by
// field name, by the metadata, so a Go struct need not follow the tuple's
// field order (its msgpack tags or Go names are matched with the space
// format's names; a field "bucket_id" receives the bucket id). A crud
// error is an *Error; the errors of a batch are a *BatchError.
type Result struct {
	cl  *call
	res box.Result
	err error
}

// Decode reads the rows into dst: a pointer to a slice takes every row, a
// pointer to one value the first (ErrNotFound when there is none). Rows
// decode into structs by field name, into box.Tuple (whose Get and Map
// find fields by name), into []any, or into any value box.Result.Decode
// takes. A batch with failed tuples decodes the rows that succeeded and
// returns a *BatchError with every failure.
func (res Result) Decode(dst any) error {
	return res.raw(func(data []byte) error { return res.cl.c.decodeRows(data, dst) })
}

// Tuples reads the rows as box.Tuples.
func (res Result) Tuples() ([]box.Tuple, error) {
	var ts []box.Tuple
	err := res.Decode(&ts)
	return ts, err
}

// Err reads the reply and returns only its error.
func (res Result) Err() error { return res.Decode(nil) }

// Release drops the Result without reading it.
func (res Result) Release() { res.res.Release() }

// decodeRows decodes crud's reply, [result, error], into dst; dst nil
// checks the error only.
func (c *Client) decodeRows(data []byte, dst any) error {
	d := iproto.NewDecoder(data)
	rows, format, err := c.splitReply(d)
	if err != nil {
		if _, batch := err.(*BatchError); !batch || rows == nil || dst == nil {
			return err
		}
		if derr := box.DecodeTuples(rows, format, dst); derr != nil && !errors.Is(derr, ErrNotFound) {
			return derr
		}
		return err
	}
	if dst == nil {
		return nil
	}
	if rows == nil {
		return box.DecodeTuples(emptyArray, format, dst)
	}
	return box.DecodeTuples(rows, format, dst)
}

var emptyArray = []byte{0x90}

// splitReply reads crud's return values: the result ({metadata, rows},
// or nil) and the error. rows is the MessagePack array of rows, nil when
// the result has none.
func (c *Client) splitReply(d *iproto.Decoder) (rows []byte, format *box.Format, err error) {
	n, err := d.ArrayLen()
	if err != nil {
		return nil, nil, err
	}
	if n == 0 {
		return nil, c.formats.none(), nil
	}
	if d.Peek() == iproto.KindNil {
		d.TryNil()
	} else if rows, format, err = c.readResult(d); err != nil {
		return nil, nil, err
	}
	if format == nil {
		format = c.formats.none()
	}
	var crudErr error
	if n > 1 {
		if crudErr, err = decodeError(d); err != nil {
			return nil, nil, err
		}
	}
	return rows, format, crudErr
}

// readResult reads {metadata = ..., rows = ...}, in either key order.
func (c *Client) readResult(d *iproto.Decoder) (rows []byte, format *box.Format, err error) {
	if d.Peek() != iproto.KindMap {
		return nil, nil, fmt.Errorf("crud: the result is a %v, not {metadata, rows}", d.Peek())
	}
	n, err := d.MapLen()
	if err != nil {
		return nil, nil, err
	}
	var meta []byte
	err = eachKey(d, n, func(key []byte) (err error) {
		switch string(key) {
		case "metadata":
			meta, err = d.Raw()
		case "rows":
			if d.Peek() != iproto.KindArray {
				return fmt.Errorf("crud: the result's rows are a %v, not an array", d.Peek())
			}
			rows, err = d.Raw()
		default:
			err = d.Skip()
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if format, err = c.formats.parse(meta); err != nil {
		return nil, nil, err
	}
	return rows, format, nil
}

// formatCache keeps the Format of each metadata seen (the same for every
// reply about a space), so that replies do not parse it again and
// struct plans stay planned.
type formatCache struct {
	mu    sync.RWMutex
	byRaw map[string]*box.Format
	empty *box.Format
	once  sync.Once
}

// maxFormats bounds the cache: a router whose spaces change format
// without end would otherwise grow it.
const maxFormats = 256

// none returns the Format of a reply without metadata.
func (fc *formatCache) none() *box.Format {
	fc.once.Do(func() { fc.empty = box.NewFormat(nil) })
	return fc.empty
}

// parse returns the Format of metadata, cached by its bytes.
func (fc *formatCache) parse(meta []byte) (*box.Format, error) {
	if len(meta) == 0 {
		return fc.none(), nil
	}
	fc.mu.RLock()
	f := fc.byRaw[string(meta)]
	fc.mu.RUnlock()
	if f != nil {
		return f, nil
	}
	fields, err := decodeMetadata(meta)
	if err != nil {
		return nil, err
	}
	f = box.NewFormat(fields)
	fc.mu.Lock()
	if fc.byRaw == nil || len(fc.byRaw) >= maxFormats {
		fc.byRaw = make(map[string]*box.Format)
	}
	fc.byRaw[string(meta)] = f
	fc.mu.Unlock()
	return f, nil
}

// decodeMetadata reads crud's metadata: [{name, type, is_nullable}, ...].
func decodeMetadata(meta []byte) ([]box.Field, error) {
	d := iproto.NewDecoder(meta)
	n, err := d.ArrayLen()
	if err != nil {
		return nil, fmt.Errorf("crud: metadata: %w", err)
	}
	fields := make([]box.Field, 0, min(n, 4096))
	for i := 0; i < n; i++ {
		m, err := d.MapLen()
		if err != nil {
			return nil, fmt.Errorf("crud: metadata field %d: %w", i, err)
		}
		var f box.Field
		err = eachKey(d, m, func(key []byte) (err error) {
			switch string(key) {
			case "name":
				f.Name, err = optString(d)
			case "type":
				f.Type, err = optString(d)
			case "is_nullable":
				if d.Peek() == iproto.KindBool {
					f.IsNullable, err = d.Bool()
				} else {
					err = d.Skip()
				}
			default:
				err = d.Skip()
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("crud: metadata field %d: %w", i, err)
		}
		fields = append(fields, f)
	}
	return fields, nil
}
