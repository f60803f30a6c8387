//go:build unix

package engine

import "syscall"

// nbWrite is the state of one tryWrite, kept in the Conn (under wlock) so
// that the function given to RawConn.Write is bound once, not allocated
// per write.
type nbWrite struct {
	buf []byte
	n   int
	err error
	fn  func(fd uintptr) bool
}

// tryWrite writes what the socket takes of buf without waiting for room,
// and returns how much that was. Without a raw descriptor it writes
// nothing: the writer goroutine then writes all of buf. The caller holds
// wlock.
func (c *Conn) tryWrite(buf []byte) (int, error) {
	if c.raw == nil {
		return 0, nil
	}
	w := &c.nb
	if w.fn == nil {
		w.fn = w.write
	}
	w.buf, w.n, w.err = buf, 0, nil
	err := c.raw.Write(w.fn)
	if err == nil {
		err = w.err
	}
	n := w.n
	w.buf = nil
	return n, err
}

// write is the RawConn.Write callback: as many writes as the socket takes
// now, then done, whether all of buf went or not.
func (w *nbWrite) write(fd uintptr) bool {
	for w.n < len(w.buf) {
		m, err := syscall.Write(int(fd), w.buf[w.n:])
		if m > 0 {
			w.n += m
		}
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			if err != syscall.EAGAIN {
				w.err = err
			}
			break
		}
	}
	return true
}
