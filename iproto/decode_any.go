package iproto

// ExtDecoder turns the payload of a MessagePack extension into a Go value.
// Decoders for Tarantool's types are registered by this package; an
// extension type without one decodes to an [Ext].
type ExtDecoder func(payload []byte) (any, error)

var extDecoders = map[ExtType]ExtDecoder{}

// Ext is an extension value of a type this package does not interpret.
type Ext struct {
	Type ExtType
	Data []byte
}

// Any decodes the next value into the natural Go type: nil, bool, int64
// (negative integers and non-negative ones up to math.MaxInt64), uint64
// (larger ones), float32, float64, string, []byte, []any, map[any]any (or
// map[string]any when every key is a string), and Tarantool's extension
// types: decimal.Decimal (DECIMAL), uuid.UUID (UUID), *Error (ERROR),
// time.Time (DATETIME), Interval (INTERVAL); other extensions are an Ext.
// Strings and byte slices are copied, so the result outlives the buffer.
func (d *Decoder) Any() (any, error) {
	return d.anyDepth(d.depth)
}

func (d *Decoder) anyDepth(depth int) (any, error) {
	if depth > maxDepth {
		return nil, d.errorf("values nested deeper than %d levels", maxDepth)
	}
	switch d.Peek() {
	case KindNil:
		d.off++
		return nil, nil
	case KindBool:
		return d.Bool()
	case KindUint, KindInt:
		v, neg, err := d.integer()
		if err != nil {
			return nil, err
		}
		if !neg && v > 1<<63-1 {
			return v, nil
		}
		return int64(v), nil
	case KindFloat:
		if d.buf[d.off] == 0xca {
			v, err := d.Float()
			return float32(v), err
		}
		return d.Float()
	case KindString:
		return d.Str()
	case KindBinary:
		b, err := d.Binary()
		if err != nil {
			return nil, err
		}
		return append([]byte{}, b...), nil
	case KindArray:
		n, err := d.ArrayLen()
		if err != nil {
			return nil, err
		}
		out := make([]any, 0, min(n, maxPrealloc))
		for range n {
			v, err := d.anyDepth(depth + 1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case KindMap:
		return d.anyMap(depth)
	case KindExt:
		t, data, err := d.Ext()
		if err != nil {
			return nil, err
		}
		var v any
		switch dec := extDecoders[t]; {
		case t == ExtError:
			// An error's FIELDS may hold errors: count their levels too.
			v, err = decodeErrorValue(&Decoder{buf: data, depth: depth + 1})
		case dec != nil:
			v, err = dec(data)
		default:
			return Ext{Type: t, Data: append([]byte{}, data...)}, nil
		}
		if err != nil {
			return nil, &DecodeError{Offset: d.off - len(data), Msg: err.Error()}
		}
		return v, nil
	}
	return nil, d.skipScalar()
}

func (d *Decoder) anyMap(depth int) (any, error) {
	n, err := d.MapLen()
	if err != nil {
		return nil, err
	}
	start := d.off
	allStrings := true
	for i := 0; i < n && allStrings; i++ {
		if d.Peek() != KindString {
			allStrings = false
			break
		}
		if err := d.Skip(); err != nil {
			return nil, err
		}
		if err := d.Skip(); err != nil {
			return nil, err
		}
	}
	d.off = start
	if allStrings {
		m := make(map[string]any, min(n, maxPreallocPairs))
		for i := 0; i < n; i++ {
			k, err := d.Str()
			if err != nil {
				return nil, err
			}
			if m[k], err = d.anyDepth(depth + 1); err != nil {
				return nil, err
			}
		}
		return m, nil
	}
	m := make(map[any]any, min(n, maxPreallocPairs))
	for i := 0; i < n; i++ {
		kstart := d.off
		k, err := d.anyDepth(depth + 1)
		if err != nil {
			return nil, err
		}
		switch k.(type) {
		case []any, map[string]any, map[any]any, []byte, Ext:
			d.off = kstart
			return nil, d.errorf("map key of kind %s cannot be a Go map key", d.Peek())
		}
		if m[k], err = d.anyDepth(depth + 1); err != nil {
			return nil, err
		}
	}
	return m, nil
}
