package engine

import "github.com/tntsql/tarantool/iproto"

// post queues a request the server does not answer (WATCH, UNWATCH) for
// writing. It returns an encoding error or a *ConnError when the
// connection has failed.
func (c *Conn) post(req iproto.Request) error {
	h := iproto.Header{Type: req.Type(), Sync: c.nextSync.Add(1)}
	c.wmu.Lock()
	if c.werr != nil {
		c.wmu.Unlock()
		return &ConnError{Err: c.failure(), Sent: false}
	}
	start := len(c.wbuf)
	buf, err := iproto.AppendPacket(c.wbuf, h, req)
	if err != nil {
		c.wbuf = buf[:start]
		c.wmu.Unlock()
		return err
	}
	c.wbuf = buf
	c.wmu.Unlock()
	if h.Type == iproto.TypeWatch && !c.watching.Load() {
		c.watching.Store(true)
		c.ensureReader()
	}
	if start == 0 {
		c.wakeWriter()
	}
	return nil
}
