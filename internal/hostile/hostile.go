// Package hostile builds MessagePack input that declares more than it
// holds, and measures what decoding it allocates, for the tests of every
// decoder in the module.
package hostile

import (
	"encoding/binary"
	"runtime"
)

// Array32 and Map32 are the MessagePack markers of an array and a map
// with a 32-bit length.
const (
	Array32 byte = 0xdd
	Map32   byte = 0xdf
)

// Claiming returns size bytes of containers nested levels deep, each
// declaring as many elements as there are bytes after its header: the most
// a length check against the bytes left lets through. head32 is Array32 or
// Map32; a map's single pair is keyed by 0 and its declared pair count is
// halved to pass the check. The padding is 0xc1, a byte no value starts
// with, so that decoding stops at the innermost container and what it
// allocated is all up front.
func Claiming(head32 byte, levels, size int) []byte {
	var b []byte
	for i := 0; i < levels; i++ {
		b = append(b, head32, 0, 0, 0, 0)
		n := size - len(b)
		if head32 == Map32 {
			n /= 2
		}
		binary.BigEndian.PutUint32(b[len(b)-4:], uint32(n))
		if head32 == Map32 {
			b = append(b, 0x00)
		}
	}
	for len(b) < size {
		b = append(b, 0xc1)
	}
	return b
}

// Allocated returns the bytes f allocates.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
