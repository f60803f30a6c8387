// Package faultproxy is a TCP proxy on loopback that the tests put
// between a client and a real server to break the link on demand: stop
// one direction (blackhole), reset every connection, cut a direction after
// k more bytes, throttle a direction to a byte rate, refuse new
// connections. Faults apply to the connections open now and to those
// accepted later, until changed.
//
// Every goroutine the proxy starts ends when Close returns, so that the
// tests' goroutine checks see nothing of it.
package faultproxy

import (
	"io"
	"net"
	"sync"
	"time"
)

// Direction is one way through the proxy.
type Direction int

// The two directions.
const (
	ToServer Direction = iota // client → server: requests
	ToClient                  // server → client: replies
)

func (d Direction) String() string {
	if d == ToServer {
		return "to server"
	}
	return "to client"
}

// Proxy forwards connections from its own loopback address to a target.
type Proxy struct {
	target string
	ln     net.Listener
	wg     sync.WaitGroup

	mu     sync.Mutex
	cond   *sync.Cond // signalled when a fault changes or the proxy closes
	closed bool
	refuse bool
	dirs   [2]dirFault
	links  map[*link]struct{}
}

// dirFault is the fault set on one direction; the zero value forwards.
type dirFault struct {
	blackhole bool  // hold the bytes: read nothing, forward nothing
	cutAfter  int64 // when > 0, bytes each connection forwards before it is cut
	cutGen    int   // counts CutAfter calls, so that each restarts the count
	rate      int   // bytes per second when > 0
}

// link is one proxied connection.
type link struct {
	client, server net.Conn
}

// New listens on a free loopback port and forwards to target
// ("host:port"), which it dials for each accepted connection.
func New(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{target: target, ln: ln, links: map[*link]struct{}{}}
	p.cond = sync.NewCond(&p.mu)
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the address clients dial.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Blackhole stops (on) or resumes (off) d: bytes sent that way stay in the
// sender's socket buffers until it fills, as on a link that went silent.
func (p *Proxy) Blackhole(d Direction, on bool) {
	p.set(func() { p.dirs[d].blackhole = on })
}

// CutAfter lets k more bytes through in direction d on each open and
// future connection, then resets the connection (counted per
// connection). k = 0 removes the cut.
func (p *Proxy) CutAfter(d Direction, k int64) {
	p.set(func() { p.dirs[d].cutAfter, p.dirs[d].cutGen = k, p.dirs[d].cutGen+1 })
}

// Throttle limits d to bytesPerSecond (0: no limit).
func (p *Proxy) Throttle(d Direction, bytesPerSecond int) {
	p.set(func() { p.dirs[d].rate = bytesPerSecond })
}

// Refuse makes the proxy close (on) or forward (off) new connections at
// once after accepting them, as a server that is down would reset them.
func (p *Proxy) Refuse(on bool) {
	p.set(func() { p.refuse = on })
}

// Heal removes every fault; connections open now forward again.
func (p *Proxy) Heal() {
	p.set(func() {
		p.refuse = false
		for d := range p.dirs {
			p.dirs[d] = dirFault{cutGen: p.dirs[d].cutGen + 1}
		}
	})
}

// ResetAll resets (RST) every open connection on both sides.
func (p *Proxy) ResetAll() {
	p.mu.Lock()
	links := make([]*link, 0, len(p.links))
	for l := range p.links {
		links = append(links, l)
	}
	p.mu.Unlock()
	for _, l := range links {
		l.reset()
	}
}

// Conns is the number of connections open through the proxy.
func (p *Proxy) Conns() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.links)
}

// Close stops listening, resets every connection and waits for all the
// proxy's goroutines to end.
func (p *Proxy) Close() error {
	p.set(func() { p.closed = true })
	err := p.ln.Close()
	p.ResetAll()
	p.wg.Wait()
	return err
}

func (p *Proxy) set(f func()) {
	p.mu.Lock()
	f()
	p.cond.Broadcast()
	p.mu.Unlock()
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		refuse := p.refuse || p.closed
		p.mu.Unlock()
		if refuse {
			resetConn(c)
			continue
		}
		s, err := net.DialTimeout("tcp", p.target, 5*time.Second)
		if err != nil {
			resetConn(c)
			continue
		}
		l := &link{client: c, server: s}
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			l.reset()
			continue
		}
		p.links[l] = struct{}{}
		p.mu.Unlock()
		var both sync.WaitGroup
		both.Add(2)
		p.wg.Add(1)
		go p.pipe(l, ToServer, c, s, &both)
		go p.pipe(l, ToClient, s, c, &both)
		go func() {
			defer p.wg.Done()
			both.Wait()
			p.mu.Lock()
			delete(p.links, l)
			p.mu.Unlock()
		}()
	}
}

// chunk is how much one read takes; a throttled direction reads less.
const chunk = 32 << 10

// pipe copies src to dst under d's faults. Either side ending resets the
// link, so that the other pipe ends too.
func (p *Proxy) pipe(l *link, d Direction, src, dst net.Conn, both *sync.WaitGroup) {
	defer both.Done()
	defer l.reset()
	buf := make([]byte, chunk)
	cut, gen := int64(-1), 0 // bytes left before the cut (-1: none), of CutAfter call gen
	for {
		n, ok := p.admit(d, len(buf))
		if !ok {
			return
		}
		start := time.Now()
		m, err := src.Read(buf[:n])
		if m > 0 {
			// A fault set while the read waited applies to what it read:
			// a blackhole holds it, a cut counts it.
			if _, ok := p.admit(d, 0); !ok {
				return
			}
			p.mu.Lock()
			if f := p.dirs[d]; f.cutGen != gen {
				cut, gen = -1, f.cutGen
				if f.cutAfter > 0 {
					cut = f.cutAfter
				}
			}
			p.mu.Unlock()
			if cut >= 0 && int64(m) > cut {
				m = int(cut)
			}
			if _, werr := dst.Write(buf[:m]); werr != nil {
				return
			}
			if cut >= 0 {
				if cut -= int64(m); cut == 0 {
					return
				}
			}
			p.pace(d, m, start)
		}
		if err != nil {
			return
		}
	}
}

// admit waits while d is blackholed and returns how many bytes the next
// read may take; false when the proxy closed.
func (p *Proxy) admit(d Direction, max int) (int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.dirs[d].blackhole && !p.closed {
		p.cond.Wait()
	}
	if p.closed {
		return 0, false
	}
	if r := p.dirs[d].rate; r > 0 {
		// About ten reads a second at the rate.
		max = min(max, max1(r/10))
	}
	return max, true
}

// pace sleeps so that n bytes since start keep to d's rate.
func (p *Proxy) pace(d Direction, n int, start time.Time) {
	p.mu.Lock()
	r := p.dirs[d].rate
	p.mu.Unlock()
	if r <= 0 {
		return
	}
	want := time.Duration(n) * time.Second / time.Duration(r)
	if left := want - time.Since(start); left > 0 {
		time.Sleep(left)
	}
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// reset closes both sides with RST, once or more: closing twice is
// harmless.
func (l *link) reset() {
	resetConn(l.client)
	resetConn(l.server)
}

// resetConn closes c so that its peer sees a reset, not an orderly end.
func resetConn(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close() // a second close, or one after the peer's reset, fails harmlessly
}

var _ io.Closer = (*Proxy)(nil)
