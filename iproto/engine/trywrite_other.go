//go:build !unix

package engine

// nbWrite is empty where writes cannot be tried without blocking.
type nbWrite struct{}

// tryWrite writes nothing: the writer goroutine writes all of buf.
func (c *Conn) tryWrite(buf []byte) (int, error) { return 0, nil }
