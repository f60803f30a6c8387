package iproto

import (
	"fmt"

	"github.com/google/uuid"
)

// This file is the codec of MP_UUID (extension 2, Tarantool's
// src/lib/core/mp_uuid.c): the 16 bytes of RFC 4122 in the order of the
// canonical text, as uuid.UUID holds them.

// uuidVariantOK reports whether Tarantool takes u: its variant (the top
// bits of byte 8) must be NCS (0xxx), RFC 4122 (10xx) or Microsoft (110x),
// not the reserved 111x, which uuid.Max has (tt_uuid_validate).
func uuidVariantOK(u *uuid.UUID) bool { return u[8]&0xe0 != 0xe0 }

// appendUUID appends u as MP_UUID (fixext16).
func appendUUID(dst []byte, u uuid.UUID) ([]byte, error) {
	if !uuidVariantOK(&u) {
		return dst, fmt.Errorf("tarantool: UUID %s has the reserved variant (byte 8 is 0x%02x), which Tarantool refuses", u, u[8])
	}
	return append(AppendExtHeader(dst, ExtUUID, len(u)), u[:]...), nil
}

// decodeUUID decodes an MP_UUID payload: exactly 16 bytes, of a variant
// Tarantool takes.
func decodeUUID(payload []byte) (any, error) {
	var u uuid.UUID
	if len(payload) != len(u) {
		return nil, fmt.Errorf("uuid: payload of %d bytes, want %d", len(payload), len(u))
	}
	copy(u[:], payload)
	if !uuidVariantOK(&u) {
		return nil, fmt.Errorf("uuid: reserved variant (byte 8 is 0x%02x)", u[8])
	}
	return u, nil
}

func init() { extDecoders[ExtUUID] = decodeUUID }
