package iproto

import (
	"encoding/binary"
	"math"
)

// This file holds the MessagePack encoders the protocol needs. Each one
// appends to dst and returns the extended slice, in the style of
// strconv.AppendInt, so a caller can reuse one buffer for every request.
// Integers take the shortest form; keys of header and body maps must be
// written with AppendKey (see the package documentation).

// AppendKey appends a header or body map key. Keys are always one-byte
// positive fixints: Tarantool 2.6 matches SQL and DML body keys by their raw
// first byte and silently skips a key written in any wider form.
func AppendKey(dst []byte, k Key) []byte {
	return append(dst, byte(k)&0x7f)
}

// AppendNil appends the MessagePack nil.
func AppendNil(dst []byte) []byte { return append(dst, 0xc0) }

// AppendBool appends a MessagePack boolean.
func AppendBool(dst []byte, v bool) []byte {
	if v {
		return append(dst, 0xc3)
	}
	return append(dst, 0xc2)
}

// AppendUint appends v in the shortest unsigned form.
func AppendUint(dst []byte, v uint64) []byte {
	switch {
	case v < 0x80:
		return append(dst, byte(v))
	case v <= math.MaxUint8:
		return append(dst, 0xcc, byte(v))
	case v <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(dst, 0xcd), uint16(v))
	case v <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(dst, 0xce), uint32(v))
	default:
		return binary.BigEndian.AppendUint64(append(dst, 0xcf), v)
	}
}

// AppendInt appends v in the shortest form; non-negative values use the
// unsigned forms, as Tarantool itself does.
func AppendInt(dst []byte, v int64) []byte {
	if v >= 0 {
		return AppendUint(dst, uint64(v))
	}
	switch {
	case v >= -32:
		return append(dst, byte(v))
	case v >= math.MinInt8:
		return append(dst, 0xd0, byte(v))
	case v >= math.MinInt16:
		return binary.BigEndian.AppendUint16(append(dst, 0xd1), uint16(v))
	case v >= math.MinInt32:
		return binary.BigEndian.AppendUint32(append(dst, 0xd2), uint32(v))
	default:
		return binary.BigEndian.AppendUint64(append(dst, 0xd3), uint64(v))
	}
}

// AppendUint32Fixed appends v as 0xce plus four bytes, whatever its value.
// It reserves room that can be patched later, as for the packet length.
func AppendUint32Fixed(dst []byte, v uint32) []byte {
	return binary.BigEndian.AppendUint32(append(dst, 0xce), v)
}

// AppendFloat64 appends a MessagePack float64. Tarantool requires this exact
// type for IPROTO_TIMEOUT.
func AppendFloat64(dst []byte, v float64) []byte {
	return binary.BigEndian.AppendUint64(append(dst, 0xcb), math.Float64bits(v))
}

// AppendFloat32 appends a MessagePack float32.
func AppendFloat32(dst []byte, v float32) []byte {
	return binary.BigEndian.AppendUint32(append(dst, 0xca), math.Float32bits(v))
}

// AppendString appends s as MP_STR.
func AppendString(dst []byte, s string) []byte {
	dst = appendStrHeader(dst, len(s))
	return append(dst, s...)
}

// AppendStringBytes appends b as MP_STR (not MP_BIN).
func AppendStringBytes(dst []byte, b []byte) []byte {
	dst = appendStrHeader(dst, len(b))
	return append(dst, b...)
}

func appendStrHeader(dst []byte, n int) []byte {
	switch {
	case n < 32:
		return append(dst, 0xa0|byte(n))
	case n <= math.MaxUint8:
		return append(dst, 0xd9, byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(dst, 0xda), uint16(n))
	default:
		return binary.BigEndian.AppendUint32(append(dst, 0xdb), uint32(n))
	}
}

// AppendBinary appends b as MP_BIN (Tarantool's VARBINARY).
func AppendBinary(dst []byte, b []byte) []byte {
	n := len(b)
	switch {
	case n <= math.MaxUint8:
		dst = append(dst, 0xc4, byte(n))
	case n <= math.MaxUint16:
		dst = binary.BigEndian.AppendUint16(append(dst, 0xc5), uint16(n))
	default:
		dst = binary.BigEndian.AppendUint32(append(dst, 0xc6), uint32(n))
	}
	return append(dst, b...)
}

// AppendArrayHeader appends the header of an array of n elements.
func AppendArrayHeader(dst []byte, n int) []byte {
	switch {
	case n < 16:
		return append(dst, 0x90|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(dst, 0xdc), uint16(n))
	default:
		return binary.BigEndian.AppendUint32(append(dst, 0xdd), uint32(n))
	}
}

// AppendMapHeader appends the header of a map of n pairs.
func AppendMapHeader(dst []byte, n int) []byte {
	switch {
	case n < 16:
		return append(dst, 0x80|byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(dst, 0xde), uint16(n))
	default:
		return binary.BigEndian.AppendUint32(append(dst, 0xdf), uint32(n))
	}
}

// AppendExtHeader appends the header of an extension value of type t whose
// payload is n bytes long, choosing fixext where the length allows, as the
// server does.
func AppendExtHeader(dst []byte, t ExtType, n int) []byte {
	switch n {
	case 1:
		return append(dst, 0xd4, byte(t))
	case 2:
		return append(dst, 0xd5, byte(t))
	case 4:
		return append(dst, 0xd6, byte(t))
	case 8:
		return append(dst, 0xd7, byte(t))
	case 16:
		return append(dst, 0xd8, byte(t))
	}
	switch {
	case n <= math.MaxUint8:
		return append(dst, 0xc7, byte(n), byte(t))
	case n <= math.MaxUint16:
		dst = binary.BigEndian.AppendUint16(append(dst, 0xc8), uint16(n))
	default:
		dst = binary.BigEndian.AppendUint32(append(dst, 0xc9), uint32(n))
	}
	return append(dst, byte(t))
}
