package iproto

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// ErrMalformed is matched (with errors.Is) by every error a Decoder returns
// for bytes that are not the MessagePack it expected.
var ErrMalformed = errors.New("tarantool: malformed MessagePack")

// DecodeError reports malformed input: what was expected and where.
type DecodeError struct {
	Offset int    // byte offset in the decoded buffer
	Msg    string // what went wrong
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("tarantool: malformed MessagePack at offset %d: %s", e.Offset, e.Msg)
}

// Unwrap lets errors.Is(err, ErrMalformed) match.
func (e *DecodeError) Unwrap() error { return ErrMalformed }

// Kind is the MessagePack family of the next value in a Decoder.
type Kind uint8

// The kinds a Decoder distinguishes.
const (
	KindInvalid Kind = iota // not a valid MessagePack first byte (0xc1) or no data
	KindNil
	KindBool
	KindUint   // a non-negative integer, whatever its encoding
	KindInt    // a negative integer
	KindFloat  // float32 or float64
	KindString // MP_STR
	KindBinary // MP_BIN
	KindArray
	KindMap
	KindExt
)

var kindNames = [...]string{"invalid", "nil", "bool", "unsigned", "integer", "float", "string", "binary", "array", "map", "extension"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// maxDepth bounds the nesting Decoder.Any follows, so that hostile input
// cannot make it recurse without limit.
const maxDepth = 256

// maxPrealloc bounds the elements a decoder allocates room for ahead of
// reading them. A declared length is checked only against the bytes left,
// and nested containers may each declare the whole remainder: allocating
// it all up front would let a 1 MiB reply claim gigabytes. Longer
// containers grow as their elements arrive. A map entry costs several
// times a slice element, so maps get a smaller head start.
const (
	maxPrealloc      = 1024
	maxPreallocPairs = 64
)

// Decoder reads MessagePack values from a byte slice. It checks every length
// against the bytes left and returns a *DecodeError instead of panicking.
// Byte slices it returns alias the decoded buffer and live as long as it.
// The zero value decodes an empty buffer; Reset points it at new bytes.
type Decoder struct {
	buf   []byte
	off   int
	depth int // nesting of buf inside the value whose extension payload it is, for Any's limit
}

// NewDecoder returns a Decoder reading b.
func NewDecoder(b []byte) *Decoder { return &Decoder{buf: b} }

// Reset makes d read b from its start.
func (d *Decoder) Reset(b []byte) { d.buf, d.off = b, 0 }

// Len returns the number of bytes not yet read.
func (d *Decoder) Len() int { return len(d.buf) - d.off }

// Offset returns the number of bytes read so far.
func (d *Decoder) Offset() int { return d.off }

func (d *Decoder) errorf(format string, args ...any) error {
	return &DecodeError{Offset: d.off, Msg: fmt.Sprintf(format, args...)}
}

func (d *Decoder) short(what string) error {
	return d.errorf("%s: unexpected end of data", what)
}

// take consumes n bytes and returns them.
func (d *Decoder) take(n int, what string) ([]byte, error) {
	if n < 0 || n > len(d.buf)-d.off {
		return nil, d.short(what)
	}
	b := d.buf[d.off : d.off+n : d.off+n]
	d.off += n
	return b, nil
}

// Peek returns the kind of the next value without consuming it.
func (d *Decoder) Peek() Kind {
	if d.off >= len(d.buf) {
		return KindInvalid
	}
	return kindOf(d.buf[d.off])
}

func kindOf(c byte) Kind {
	switch {
	case c <= 0x7f, c >= 0xcc && c <= 0xcf:
		return KindUint
	case c >= 0xe0, c >= 0xd0 && c <= 0xd3:
		return KindInt // signed forms; Int/Uint check the sign of the value
	case c <= 0x8f:
		return KindMap
	case c <= 0x9f:
		return KindArray
	case c <= 0xbf, c >= 0xd9 && c <= 0xdb:
		return KindString
	}
	switch c {
	case 0xc0:
		return KindNil
	case 0xc2, 0xc3:
		return KindBool
	case 0xc4, 0xc5, 0xc6:
		return KindBinary
	case 0xc7, 0xc8, 0xc9, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
		return KindExt
	case 0xca, 0xcb:
		return KindFloat
	case 0xdc, 0xdd:
		return KindArray
	case 0xde, 0xdf:
		return KindMap
	}
	return KindInvalid
}

func (d *Decoder) byte1(what string) (byte, error) {
	if d.off >= len(d.buf) {
		return 0, d.short(what)
	}
	c := d.buf[d.off]
	d.off++
	return c, nil
}

func (d *Decoder) be(n int, what string) (uint64, error) {
	b, err := d.take(n, what)
	if err != nil {
		return 0, err
	}
	switch n {
	case 1:
		return uint64(b[0]), nil
	case 2:
		return uint64(binary.BigEndian.Uint16(b)), nil
	case 4:
		return uint64(binary.BigEndian.Uint32(b)), nil
	default:
		return binary.BigEndian.Uint64(b), nil
	}
}

// TryNil consumes a nil and reports true if the next value is nil.
func (d *Decoder) TryNil() bool {
	if d.off < len(d.buf) && d.buf[d.off] == 0xc0 {
		d.off++
		return true
	}
	return false
}

// Bool reads a boolean.
func (d *Decoder) Bool() (bool, error) {
	c, err := d.byte1("bool")
	if err != nil {
		return false, err
	}
	switch c {
	case 0xc2:
		return false, nil
	case 0xc3:
		return true, nil
	}
	d.off--
	return false, d.errorf("expected bool, found %s", kindOf(c))
}

// integer reads any integer form, returning its magnitude bits and whether
// the value is negative (then v holds it as int64 bits).
func (d *Decoder) integer() (v uint64, neg bool, err error) {
	start := d.off
	if d.off >= len(d.buf) {
		return 0, false, d.short("integer")
	}
	c := d.buf[d.off]
	d.off++
	switch {
	case c <= 0x7f:
		return uint64(c), false, nil
	case c >= 0xe0:
		return uint64(int64(int8(c))), true, nil
	case c == 0xce && len(d.buf)-d.off >= 4: // uint32: syncs, schema versions
		v = uint64(binary.BigEndian.Uint32(d.buf[d.off:]))
		d.off += 4
		return v, false, nil
	case c == 0xcd && len(d.buf)-d.off >= 2:
		v = uint64(binary.BigEndian.Uint16(d.buf[d.off:]))
		d.off += 2
		return v, false, nil
	}
	switch c {
	case 0xcc:
		v, err = d.be(1, "uint8")
	case 0xcd:
		v, err = d.be(2, "uint16")
	case 0xce:
		v, err = d.be(4, "uint32")
	case 0xcf:
		v, err = d.be(8, "uint64")
	case 0xd0:
		v, err = d.be(1, "int8")
		v = uint64(int64(int8(v)))
	case 0xd1:
		v, err = d.be(2, "int16")
		v = uint64(int64(int16(v)))
	case 0xd2:
		v, err = d.be(4, "int32")
		v = uint64(int64(int32(v)))
	case 0xd3:
		v, err = d.be(8, "int64")
	default:
		d.off = start
		return 0, false, d.errorf("expected integer, found %s", kindOf(c))
	}
	if err != nil {
		return 0, false, err
	}
	return v, c >= 0xd0 && int64(v) < 0, nil
}

// Uint reads a non-negative integer in any width, signed forms included.
func (d *Decoder) Uint() (uint64, error) {
	if off := d.off; off < len(d.buf) {
		if c := d.buf[off]; c < 0x80 {
			d.off = off + 1
			return uint64(c), nil
		}
	}
	return d.uintSlow()
}

func (d *Decoder) uintSlow() (uint64, error) {
	start := d.off
	v, neg, err := d.integer()
	if err != nil {
		return 0, err
	}
	if neg {
		d.off = start
		return 0, d.errorf("expected unsigned integer, found %d", int64(v))
	}
	return v, nil
}

// Int reads an integer that fits int64.
func (d *Decoder) Int() (int64, error) {
	start := d.off
	v, neg, err := d.integer()
	if err != nil {
		return 0, err
	}
	if !neg && v > math.MaxInt64 {
		d.off = start
		return 0, d.errorf("integer %d overflows int64", v)
	}
	return int64(v), nil
}

// Float reads a float32 or float64.
func (d *Decoder) Float() (float64, error) {
	c, err := d.byte1("float")
	if err != nil {
		return 0, err
	}
	switch c {
	case 0xca:
		v, err := d.be(4, "float32")
		return float64(math.Float32frombits(uint32(v))), err
	case 0xcb:
		v, err := d.be(8, "float64")
		return math.Float64frombits(v), err
	}
	d.off--
	return 0, d.errorf("expected float, found %s", kindOf(c))
}

// StringBytes reads an MP_STR and returns its bytes, aliasing the buffer.
func (d *Decoder) StringBytes() ([]byte, error) {
	if d.off >= len(d.buf) {
		return nil, d.short("string")
	}
	c := d.buf[d.off]
	d.off++
	var n uint64
	var err error
	switch {
	case c >= 0xa0 && c <= 0xbf:
		n = uint64(c & 0x1f)
	case c == 0xd9:
		n, err = d.be(1, "str8 length")
	case c == 0xda:
		n, err = d.be(2, "str16 length")
	case c == 0xdb:
		n, err = d.be(4, "str32 length")
	default:
		d.off--
		return nil, d.errorf("expected string, found %s", kindOf(c))
	}
	if err != nil {
		return nil, err
	}
	return d.take(int(n), "string")
}

// Str reads an MP_STR into a new string. (It is not named String, which
// would read as fmt.Stringer.)
func (d *Decoder) Str() (string, error) {
	b, err := d.StringBytes()
	return string(b), err
}

// Binary reads an MP_BIN and returns its bytes, aliasing the buffer.
func (d *Decoder) Binary() ([]byte, error) {
	c, err := d.byte1("binary")
	if err != nil {
		return nil, err
	}
	var n uint64
	switch c {
	case 0xc4:
		n, err = d.be(1, "bin8 length")
	case 0xc5:
		n, err = d.be(2, "bin16 length")
	case 0xc6:
		n, err = d.be(4, "bin32 length")
	default:
		d.off--
		return nil, d.errorf("expected binary, found %s", kindOf(c))
	}
	if err != nil {
		return nil, err
	}
	return d.take(int(n), "binary")
}

// ArrayLen reads an array header. The length is checked against the bytes
// left (every element takes at least one byte).
func (d *Decoder) ArrayLen() (int, error) {
	if d.off >= len(d.buf) {
		return 0, d.short("array")
	}
	c := d.buf[d.off]
	d.off++
	var n uint64
	var err error
	switch {
	case c >= 0x90 && c <= 0x9f:
		n = uint64(c & 0x0f)
	case c == 0xdc:
		n, err = d.be(2, "array16 length")
	case c == 0xdd:
		n, err = d.be(4, "array32 length")
	default:
		d.off--
		return 0, d.errorf("expected array, found %s", kindOf(c))
	}
	if err != nil {
		return 0, err
	}
	if n > uint64(d.Len()) {
		return 0, d.errorf("array of %d elements exceeds the %d bytes left", n, d.Len())
	}
	return int(n), nil
}

// MapLen reads a map header. The length is checked against the bytes left.
func (d *Decoder) MapLen() (int, error) {
	if d.off >= len(d.buf) {
		return 0, d.short("map")
	}
	c := d.buf[d.off]
	d.off++
	var n uint64
	var err error
	switch {
	case c >= 0x80 && c <= 0x8f:
		n = uint64(c & 0x0f)
	case c == 0xde:
		n, err = d.be(2, "map16 length")
	case c == 0xdf:
		n, err = d.be(4, "map32 length")
	default:
		d.off--
		return 0, d.errorf("expected map, found %s", kindOf(c))
	}
	if err != nil {
		return 0, err
	}
	if 2*n > uint64(d.Len()) {
		return 0, d.errorf("map of %d pairs exceeds the %d bytes left", n, d.Len())
	}
	return int(n), nil
}

// Ext reads an extension value and returns its type and payload (aliasing
// the buffer).
func (d *Decoder) Ext() (ExtType, []byte, error) {
	c, err := d.byte1("extension")
	if err != nil {
		return 0, nil, err
	}
	var n uint64
	switch c {
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
		n = 1 << (c - 0xd4)
	case 0xc7:
		n, err = d.be(1, "ext8 length")
	case 0xc8:
		n, err = d.be(2, "ext16 length")
	case 0xc9:
		n, err = d.be(4, "ext32 length")
	default:
		d.off--
		return 0, nil, d.errorf("expected extension, found %s", kindOf(c))
	}
	if err != nil {
		return 0, nil, err
	}
	t, err := d.byte1("extension type")
	if err != nil {
		return 0, nil, err
	}
	data, err := d.take(int(n), "extension payload")
	return ExtType(int8(t)), data, err
}

// Raw consumes the next value and returns its encoded bytes, aliasing the
// buffer.
func (d *Decoder) Raw() ([]byte, error) {
	start := d.off
	if err := d.Skip(); err != nil {
		return nil, err
	}
	return d.buf[start:d.off:d.off], nil
}
