package crud

// PageBytes returns the capacity of the Iterator's page buffer: the
// bytes it holds at most.
func PageBytes(it *Iterator) int { return cap(it.buf) + cap(it.last) }
