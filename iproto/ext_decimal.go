package iproto

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"
)

// This file is the codec of MP_DECIMAL (extension 1, Tarantool's
// src/lib/core/mp_decimal.c): the scale as a MessagePack integer, then the
// digits as packed BCD, two per byte, most significant first, the last
// nibble being the sign. Value = digits × 10^(−scale).

// maxDecimalBCD bounds the packed digits a decoder accepts: 256 bytes hold
// 511 digits, well above Tarantool's 38 (76 since 3.5).
const maxDecimalBCD = 256

// maxDecimalScale bounds the scale a decoder accepts: decNumber, which
// Tarantool uses, keeps adjusted exponents within ±999999.
const maxDecimalScale = 1 << 20

// appendDecimal appends d as MP_DECIMAL, keeping its coefficient and
// exponent as they are (1.10 stays three digits at scale 2; 1E+5 is one
// digit at scale −5), as Tarantool stores them. Tarantool before 3.5 takes
// at most 38 digits and scales from −37 to 38; it reports larger values as
// invalid MessagePack.
func appendDecimal(dst []byte, d decimal.Decimal) ([]byte, error) {
	exp := d.Exponent()
	if exp == math.MinInt32 {
		return dst, fmt.Errorf("tarantool: decimal exponent %d out of range", exp)
	}
	var small [20]byte
	var digits []byte
	neg := d.Sign() < 0
	if d.NumDigits() <= 18 { // fits int64: no big.Int to copy
		c := d.CoefficientInt64()
		if c < 0 {
			c = -c
		}
		digits = strconv.AppendUint(small[:0], uint64(c), 10)
	} else {
		coef := d.Coefficient()
		digits = coef.Abs(coef).Append(nil, 10)
	}

	// Packed BCD: the digits and a sign nibble, padded with a leading zero
	// nibble to a whole number of bytes.
	nibbles := len(digits) + 1
	pad := nibbles % 2
	n := (nibbles + pad) / 2
	scale := int64(-exp)
	dst = AppendExtHeader(dst, ExtDecimal, sizeofInt(scale)+n)
	dst = AppendInt(dst, scale)
	start := len(dst)
	for i := 0; i < n; i++ {
		dst = append(dst, 0)
	}
	bcd := dst[start:]
	for i := 0; i < len(digits); i++ {
		pos := pad + i // nibble index
		v := digits[i] - '0'
		if pos%2 == 0 {
			bcd[pos/2] |= v << 4
		} else {
			bcd[pos/2] |= v
		}
	}
	sign := byte(0x0c)
	if neg {
		sign = 0x0d
	}
	bcd[n-1] |= sign
	return dst, nil
}

// sizeofInt returns the length of AppendInt's encoding of v.
func sizeofInt(v int64) int {
	switch {
	case v >= -32 && v < 128:
		return 1
	case v >= math.MinInt8 && v <= math.MaxUint8:
		return 2
	case v >= math.MinInt16 && v <= math.MaxUint16:
		return 3
	case v >= math.MinInt32 && v <= math.MaxUint32:
		return 5
	}
	return 9
}

// decodeDecimal decodes an MP_DECIMAL payload into a decimal.Decimal with
// the payload's digits and scale. Sign nibbles 0xA, 0xC, 0xE, 0xF mean plus,
// 0xB and 0xD minus (a negative zero becomes zero).
func decodeDecimal(payload []byte) (any, error) {
	d := NewDecoder(payload)
	if k := d.Peek(); k != KindUint && k != KindInt {
		return nil, fmt.Errorf("decimal: scale is %s, want an integer", k)
	}
	scale, neg, err := d.integer()
	if err != nil {
		return nil, errors.New("decimal: truncated scale")
	}
	s := int64(scale)
	if (!neg && scale > maxDecimalScale) || (neg && s < -maxDecimalScale) {
		return nil, fmt.Errorf("decimal: scale %d out of range", s)
	}
	bcd := payload[d.Offset():]
	switch {
	case len(bcd) == 0:
		return nil, errors.New("decimal: no digits")
	case len(bcd) > maxDecimalBCD:
		return nil, fmt.Errorf("decimal: %d bytes of digits, more than %d", len(bcd), maxDecimalBCD)
	}
	digits := make([]byte, 0, 2*len(bcd))
	for i, b := range bcd {
		hi, lo := b>>4, b&0x0f
		if hi > 9 {
			return nil, fmt.Errorf("decimal: nibble 0x%x is not a digit", hi)
		}
		digits = append(digits, '0'+hi)
		if i < len(bcd)-1 {
			if lo > 9 {
				return nil, fmt.Errorf("decimal: nibble 0x%x is not a digit", lo)
			}
			digits = append(digits, '0'+lo)
		} else if lo < 0x0a {
			return nil, fmt.Errorf("decimal: last nibble 0x%x is not a sign", lo)
		}
	}
	coef, ok := new(big.Int).SetString(string(digits), 10)
	if !ok {
		return nil, errors.New("decimal: bad digits") // not reached: digits are checked
	}
	if last := bcd[len(bcd)-1] & 0x0f; last == 0x0b || last == 0x0d {
		coef.Neg(coef)
	}
	return decimal.NewFromBigInt(coef, int32(-s)), nil
}

func init() { extDecoders[ExtDecimal] = decodeDecimal }
