package box

import "sync/atomic"

// nameCache remembers what pairs of space and index names resolved to in
// one Schema, so that a request naming its space and index by constant
// strings resolves them with one comparison instead of two map lookups.
// A slot is filled once, by the first pair that hashes to it, and never
// replaced: at most len(nameCache) entries are made per schema, and a
// program with more distinct names than slots finds the others in the
// maps as before. A new schema starts with an empty cache.
type nameCache [64]atomic.Pointer[nameHit]

// nameHit is one resolved pair; index is "" for the primary key (nil).
type nameHit struct {
	space, index string
	t            target
}

// slot picks the pair's slot from its lengths and end bytes: cheap, and
// distinct for most of the few names a program uses.
func (nc *nameCache) slot(space, index string) *atomic.Pointer[nameHit] {
	h := uint(len(space))*0x9e + uint(len(index))*0x3b
	if len(space) > 0 {
		h += uint(space[0])*7 + uint(space[len(space)-1])*13
	}
	if len(index) > 0 {
		h += uint(index[0])*17 + uint(index[len(index)-1])*29
	}
	return &nc[h%uint(len(nc))]
}

// get returns the target of space and index, if the pair is cached.
func (nc *nameCache) get(space, index string) (target, bool) {
	if h := nc.slot(space, index).Load(); h != nil && h.space == space && h.index == index {
		return h.t, true
	}
	return target{}, false
}

// put caches the pair's target when its slot is free.
func (nc *nameCache) put(space, index string, t target) {
	nc.slot(space, index).CompareAndSwap(nil, &nameHit{space: space, index: index, t: t})
}
