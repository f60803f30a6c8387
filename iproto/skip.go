package iproto

import "encoding/binary"

// Skip consumes the next value, however deeply nested, without recursion.
func (d *Decoder) Skip() error {
	if end, ok := skipWellFormed(d.buf, d.off); ok {
		d.off = end
		return nil
	}
	return d.skipChecked()
}

// skipWellFormed walks one value of buf from off in a single pass over
// its first bytes and returns where it ends. It reports false for
// anything it does not find whole and well formed, and leaves the error
// to skipChecked, which walks the value again and names what is wrong.
func skipWellFormed(buf []byte, off int) (end int, ok bool) {
	for pending := uint64(1); pending > 0; pending-- {
		if pending > uint64(len(buf)-off) {
			return 0, false
		}
		c := buf[off]
		var head, size int // bytes of the header and of the payload after it
		switch {
		case c <= 0x7f || c >= 0xe0:
			off++
			continue
		case c <= 0x8f:
			pending += 2 * uint64(c&0x0f)
			off++
			continue
		case c <= 0x9f:
			pending += uint64(c & 0x0f)
			off++
			continue
		case c <= 0xbf:
			head, size = 1, int(c&0x1f)
		default:
			switch c {
			case 0xc0, 0xc2, 0xc3:
				head = 1
			case 0xcc, 0xd0:
				head, size = 1, 1
			case 0xcd, 0xd1, 0xd4:
				head, size = 1, 2
			case 0xd5:
				head, size = 1, 3
			case 0xca, 0xce, 0xd2:
				head, size = 1, 4
			case 0xd6:
				head, size = 1, 5
			case 0xcb, 0xcf, 0xd3:
				head, size = 1, 8
			case 0xd7:
				head, size = 1, 9
			case 0xd8:
				head, size = 1, 17
			case 0xc4, 0xd9, 0xc7:
				if len(buf)-off < 2 {
					return 0, false
				}
				head, size = 2, int(buf[off+1])
			case 0xc5, 0xda, 0xc8:
				if len(buf)-off < 3 {
					return 0, false
				}
				head, size = 3, int(binary.BigEndian.Uint16(buf[off+1:]))
			case 0xc6, 0xdb, 0xc9:
				if len(buf)-off < 5 {
					return 0, false
				}
				n := binary.BigEndian.Uint32(buf[off+1:])
				if uint64(n) > uint64(len(buf)) {
					return 0, false
				}
				head, size = 5, int(n)
			case 0xdc, 0xde:
				if len(buf)-off < 3 {
					return 0, false
				}
				n := uint64(binary.BigEndian.Uint16(buf[off+1:]))
				if c == 0xde {
					n *= 2
				}
				pending += n
				off += 3
				continue
			case 0xdd, 0xdf:
				if len(buf)-off < 5 {
					return 0, false
				}
				n := binary.BigEndian.Uint32(buf[off+1:])
				if uint64(n) > uint64(len(buf)) {
					return 0, false
				}
				pending += uint64(n)
				if c == 0xdf {
					pending += uint64(n)
				}
				off += 5
				continue
			default: // 0xc1, never used
				return 0, false
			}
			if c >= 0xc7 && c <= 0xc9 {
				size++ // an ext's type byte follows its length
			}
		}
		if head+size > len(buf)-off {
			return 0, false
		}
		off += head + size
	}
	return off, true
}

// skipChecked is Skip value by value, with the decoder's own checks and
// error messages.
func (d *Decoder) skipChecked() error {
	for pending := uint64(1); pending > 0; pending-- {
		if pending > uint64(d.Len()) {
			return d.short("value")
		}
		switch d.Peek() {
		case KindArray:
			n, err := d.ArrayLen()
			if err != nil {
				return err
			}
			pending += uint64(n)
		case KindMap:
			n, err := d.MapLen()
			if err != nil {
				return err
			}
			pending += 2 * uint64(n)
		default:
			if err := d.skipScalar(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (d *Decoder) skipScalar() error {
	var err error
	switch k := d.Peek(); k {
	case KindNil:
		d.off++
	case KindBool:
		_, err = d.Bool()
	case KindUint, KindInt:
		_, _, err = d.integer()
	case KindFloat:
		_, err = d.Float()
	case KindString:
		_, err = d.StringBytes()
	case KindBinary:
		_, err = d.Binary()
	case KindExt:
		_, _, err = d.Ext()
	default:
		if d.Len() == 0 {
			return d.short("value")
		}
		return d.errorf("invalid first byte 0x%02x", d.buf[d.off])
	}
	return err
}
