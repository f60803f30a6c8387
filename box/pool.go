package box

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tntsql/tarantool/iproto/engine"
)

// Pool is a box connection to each instance of a replica set, and routes
// by role: Get(ModeRW) returns the Conn of a read-write instance (the
// master, the leader), Get(ModeRO) one of a read-only instance (a
// replica), round-robin among the instances that suit. Each instance is
// one pipelined Conn that follows its instance's role (box.status on
// 2.10+, box.info.ro polled before) and reconnects when it breaks; an
// instance down when the Pool opens is connected in the background. The
// whole box API is on the Conn that Get returns, streams included: a
// Stream stays on the instance it began on. Instances may be added and
// removed while the Pool is in use. A Pool is safe for concurrent use.
type Pool struct {
	cfg   *engine.Config              // each instance's, but for its address
	mu    sync.Mutex                  // serializes changes of insts
	insts atomic.Pointer[[]*instance] // replaced, never changed in place
	next  atomic.Uint64               // round-robin position
	done  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
}

// instance is one member of a Pool.
type instance struct {
	addr string
	conn atomic.Pointer[Conn]  // nil until connected
	err  atomic.Pointer[error] // why the last attempt to connect failed
	stop chan struct{}         // closed by Remove
}

// Mode says which instances of a Pool may serve a request.
type Mode int8

// Modes, as go-tarantool's pool has them.
const (
	ModeAny      Mode = iota // any connected instance
	ModeRW                   // a read-write instance
	ModeRO                   // a read-only instance
	ModePreferRW             // a read-write instance, else any
	ModePreferRO             // a read-only instance, else any
)

func (m Mode) String() string {
	switch m {
	case ModeAny:
		return "any"
	case ModeRW:
		return "rw"
	case ModeRO:
		return "ro"
	case ModePreferRW:
		return "prefer-rw"
	case ModePreferRO:
		return "prefer-ro"
	}
	return fmt.Sprintf("Mode(%d)", int8(m))
}

// defaultPoolReconnectDelay is an instance's reconnect_delay when the
// Pool's Config has none: a pool member is always reconnected.
const defaultPoolReconnectDelay = 100 * time.Millisecond

// ConnectPool opens a Pool over the hosts of a DSN
// (tarantool://user:pass@h1:3301,h2:3301,h3:3301); the DSN's
// target_session_attrs is not used (each request says its Mode).
func ConnectPool(ctx context.Context, dsn string) (*Pool, error) {
	cfg, err := engine.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	return NewPool(ctx, cfg)
}

// NewPool opens a Pool over cfg's addresses (Address and
// FallbackAddresses). It connects to all of them at once and returns when
// each has connected or failed; it fails only when none connected (with
// a *engine.HostsError), and keeps connecting the others in the
// background, every ReconnectDelay (100ms when cfg has none) or more.
func NewPool(ctx context.Context, cfg *engine.Config) (*Pool, error) {
	base := cfg.Clone()
	base.FallbackAddresses = nil
	base.TargetSessionAttrs = engine.TargetAny
	base.FollowRole = true
	if base.ReconnectDelay <= 0 {
		base.ReconnectDelay = defaultPoolReconnectDelay
	}
	p := &Pool{cfg: base, done: make(chan struct{})}
	addrs := cfg.Addresses()
	errs := make([]error, len(addrs))
	insts := make([]*instance, 0, len(addrs))
	var wg sync.WaitGroup
	for i, addr := range addrs {
		in := &instance{addr: addr, stop: make(chan struct{})}
		insts = append(insts, in)
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = p.connect(ctx, in)
		}()
	}
	wg.Wait()
	p.insts.Store(&insts)
	var tries []engine.HostTry
	for i, err := range errs {
		if err != nil {
			tries = append(tries, engine.HostTry{Address: addrs[i], Err: err})
		}
	}
	if len(tries) == len(addrs) {
		p.Close()
		return nil, &engine.HostsError{Target: engine.TargetAny, Tries: tries}
	}
	for i, in := range insts {
		if errs[i] != nil {
			p.keepConnecting(in)
		}
	}
	return p, nil
}

// connect makes in's Conn, or records why it could not.
func (p *Pool) connect(ctx context.Context, in *instance) error {
	cfg := p.cfg.Clone()
	cfg.Address = in.addr
	c, err := ConnectConfig(ctx, cfg)
	if err != nil {
		in.err.Store(&err)
		return err
	}
	in.err.Store(nil)
	in.conn.Store(c)
	return nil
}

// keepConnecting retries connecting in in the background, with backoff,
// until it connects, is removed or the Pool closes.
func (p *Pool) keepConnecting(in *instance) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go func() {
			select {
			case <-p.done:
			case <-in.stop:
			case <-ctx.Done():
			}
			cancel()
		}()
		delay := p.cfg.ReconnectDelay
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(delay):
			}
			if p.connect(ctx, in) == nil {
				select {
				case <-ctx.Done(): // removed or closed meanwhile
					if c := in.conn.Swap(nil); c != nil {
						c.Close()
					}
				default:
				}
				return
			}
			delay = min(2*delay, maxBackoff)
		}
	}()
}

// Add adds an instance (host:port, or a socket path for a unix Pool) and
// connects to it; on failure it is not added.
func (p *Pool) Add(ctx context.Context, addr string) error {
	if p.closed() {
		return engine.ErrClosed
	}
	if slices.ContainsFunc(p.members(), func(in *instance) bool { return in.addr == addr }) {
		return fmt.Errorf("tarantool: %s is in the pool already", addr)
	}
	in := &instance{addr: addr, stop: make(chan struct{})}
	if err := p.connect(ctx, in); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	insts := p.members()
	if p.closed() || slices.ContainsFunc(insts, func(x *instance) bool { return x.addr == addr }) {
		in.conn.Load().Close()
		if p.closed() {
			return engine.ErrClosed
		}
		return fmt.Errorf("tarantool: %s is in the pool already", addr)
	}
	insts = append(slices.Clip(insts), in)
	p.insts.Store(&insts)
	return nil
}

// Remove takes an instance out of the Pool and closes its Conn: requests
// in flight on it fail.
func (p *Pool) Remove(addr string) error {
	p.mu.Lock()
	insts := p.members()
	i := slices.IndexFunc(insts, func(in *instance) bool { return in.addr == addr })
	if i < 0 {
		p.mu.Unlock()
		return fmt.Errorf("tarantool: %s is not in the pool", addr)
	}
	in := insts[i]
	insts = slices.Delete(slices.Clone(insts), i, i+1)
	p.insts.Store(&insts)
	p.mu.Unlock()
	close(in.stop)
	if c := in.conn.Swap(nil); c != nil {
		return c.Close()
	}
	return nil
}

// members returns the Pool's instances now.
func (p *Pool) members() []*instance {
	if in := p.insts.Load(); in != nil {
		return *in
	}
	return nil
}

func (p *Pool) closed() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Get returns the Conn of an instance that suits mode, taking the
// instances that do in turn: an instance connected now whose role the
// mode accepts (for the Prefer modes, any connected instance when none
// has the preferred role). When none does, the error is a
// *NoInstanceError saying what each instance is.
func (p *Pool) Get(mode Mode) (*Conn, error) {
	insts := p.members()
	if p.closed() {
		return nil, engine.ErrClosed
	}
	want := engine.RoleUnknown // any role
	switch mode {
	case ModeRW, ModePreferRW:
		want = engine.RoleReadWrite
	case ModeRO, ModePreferRO:
		want = engine.RoleReadOnly
	}
	turn := p.next.Add(1)
	if c := pick(insts, want, turn); c != nil {
		return c, nil
	}
	if mode == ModePreferRW || mode == ModePreferRO {
		if c := pick(insts, engine.RoleUnknown, turn); c != nil {
			return c, nil
		}
	}
	return nil, &NoInstanceError{Mode: mode, Instances: p.describe(insts)}
}

// pick returns the Conn of the turn-th (modulo their number) connected
// instance of role want (RoleUnknown: of any role), or nil when there is
// none. It counts them first, so that each gets its share.
func pick(insts []*instance, want engine.Role, turn uint64) *Conn {
	suits := func(in *instance) *Conn {
		c := in.conn.Load()
		if c == nil {
			return nil
		}
		ic := c.EngineConn()
		if ic.Err() != nil || want != engine.RoleUnknown && ic.Role() != want {
			return nil
		}
		return c
	}
	n := uint64(0)
	for _, in := range insts {
		if suits(in) != nil {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	k := turn % n
	for _, in := range insts {
		if c := suits(in); c != nil {
			if k == 0 {
				return c
			}
			k--
		}
	}
	return nil // the instances changed between the two passes
}

// Instance describes a member of a Pool.
type Instance struct {
	Address   string
	Connected bool
	Role      engine.Role // RoleUnknown while not connected
	Err       error       // why it is not connected, when known
}

// Instances describes the Pool's members, in the order they were added.
func (p *Pool) Instances() []Instance { return p.describe(p.members()) }

func (p *Pool) describe(insts []*instance) []Instance {
	out := make([]Instance, 0, len(insts))
	for _, in := range insts {
		d := Instance{Address: in.addr}
		if c := in.conn.Load(); c != nil {
			ic := c.EngineConn()
			d.Err = ic.Err()
			d.Connected = d.Err == nil
			if d.Connected {
				d.Role = ic.Role()
			}
		} else if err := in.err.Load(); err != nil {
			d.Err = *err
		}
		out = append(out, d)
	}
	return out
}

// NoInstanceError is the error of Get when no instance suits the mode.
type NoInstanceError struct {
	Mode      Mode
	Instances []Instance
}

func (e *NoInstanceError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tarantool: no instance of the pool for mode %s (%d instances):", e.Mode, len(e.Instances))
	for i, in := range e.Instances {
		if i > 0 {
			b.WriteByte(';')
		}
		switch {
		case in.Connected:
			fmt.Fprintf(&b, " %s: %s", in.Address, in.Role)
		case in.Err != nil:
			fmt.Fprintf(&b, " %s: down (%v)", in.Address, strings.TrimPrefix(in.Err.Error(), "tarantool: "))
		default:
			fmt.Fprintf(&b, " %s: down", in.Address)
		}
	}
	return b.String()
}

// SafeToRetry reports true: no request was sent.
func (e *NoInstanceError) SafeToRetry() bool { return true }

// Stats returns the sums of the counters of the Pool's Conns.
func (p *Pool) Stats() Stats {
	var s Stats
	for _, in := range p.members() {
		if c := in.conn.Load(); c != nil {
			st := c.Stats()
			s.Stats = s.Stats.Add(st.Stats)
			s.Reconnects += st.Reconnects
		}
	}
	return s
}

// Close closes every Conn of the Pool and stops connecting.
func (p *Pool) Close() error {
	var errs []error
	p.once.Do(func() {
		p.mu.Lock()
		close(p.done)
		p.mu.Unlock()
		p.wg.Wait()
		for _, in := range p.members() {
			if c := in.conn.Swap(nil); c != nil {
				errs = append(errs, c.Close())
			}
		}
	})
	return errors.Join(errs...)
}
