package engine_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto/engine"
)

// dialTarget dials cfg's hosts, failing the test on an error.
func dialTarget(t *testing.T, cfg *engine.Config) *engine.Conn {
	t.Helper()
	c, err := engine.Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestDialTargetSessionAttrs: over a master and two replicas, listed
// replicas first, each target_session_attrs lands on an instance of its
// role, and the connection knows the role.
func TestDialTargetSessionAttrs(t *testing.T) {
	rs := tnttest.StartReplicaSet(t, 3, tnttest.Options{})
	master, replica := rs.Servers[0].Addr, rs.Servers[1].Addr
	base := rs.Servers[1].Config()
	base.FallbackAddresses = []string{rs.Servers[2].Addr, master}
	for _, tc := range []struct {
		target engine.TargetSessionAttrs
		addr   string // where it must land
		role   engine.Role
	}{
		{engine.TargetAny, replica, engine.RoleUnknown},
		{engine.TargetReadWrite, master, engine.RoleReadWrite},
		{engine.TargetPrimary, master, engine.RoleReadWrite},
		{engine.TargetReadOnly, replica, engine.RoleReadOnly},
		{engine.TargetStandby, replica, engine.RoleReadOnly},
		{engine.TargetPreferStandby, replica, engine.RoleReadOnly},
	} {
		t.Run(tc.target.String(), func(t *testing.T) {
			cfg := base.Clone()
			cfg.TargetSessionAttrs = tc.target
			c := dialTarget(t, cfg)
			if got := c.Config().Address; got != tc.addr || c.Role() != tc.role {
				t.Errorf("landed on %s as %v, want %s as %v", got, c.Role(), tc.addr, tc.role)
			}
		})
	}
	// prefer-standby takes the master when no replica answers.
	cfg := rs.Servers[0].Config()
	cfg.FallbackAddresses = []string{closedPort(t)}
	cfg.TargetSessionAttrs = engine.TargetPreferStandby
	if c := dialTarget(t, cfg); c.Config().Address != master || c.Role() != engine.RoleReadWrite {
		t.Errorf("prefer-standby without a standby: landed on %s as %v, want the master", c.Config().Address, c.Role())
	}
}

// closedPort returns a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// silentHost returns the address of a listener that accepts connections
// and never greets; it closes when the test ends.
func silentHost(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		var conns []net.Conn
		for {
			c, err := l.Accept()
			if err != nil {
				for _, c := range conns {
					c.Close()
				}
				close(done)
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() { l.Close(); <-done })
	return l.Addr().String()
}

// TestDialNoHostServes: when no host has the role, or answers, the error
// names every host and why, after trying them all, each within
// connect_timeout.
func TestDialNoHostServes(t *testing.T) {
	rs := tnttest.StartReplicaSet(t, 2, tnttest.Options{})
	refused, silent := closedPort(t), silentHost(t)
	cfg := rs.Servers[1].Config() // the replica
	cfg.FallbackAddresses = []string{refused, silent}
	cfg.TargetSessionAttrs = engine.TargetReadWrite
	cfg.ConnectTimeout = 300 * time.Millisecond
	start := time.Now()
	_, err := engine.Dial(context.Background(), cfg)
	took := time.Since(start)
	var he *engine.HostsError
	if !errors.As(err, &he) || len(he.Tries) != 3 || he.Target != engine.TargetReadWrite {
		t.Fatalf("got %v, want a *HostsError with three tries", err)
	}
	var wr *engine.WrongRoleError
	if !errors.As(he.Tries[0].Err, &wr) || wr.Role != engine.RoleReadOnly || he.Tries[0].Address != rs.Servers[1].Addr {
		t.Errorf("the replica's try: %+v", he.Tries[0])
	}
	var de *engine.DialError
	if !errors.As(he.Tries[1].Err, &de) || de.Step != "connect" || he.Tries[1].Address != refused {
		t.Errorf("the refused host's try: %+v", he.Tries[1])
	}
	if !errors.As(he.Tries[2].Err, &de) || de.Step != "greeting" || !errors.Is(de, context.DeadlineExceeded) {
		t.Errorf("the silent host's try: %+v", he.Tries[2])
	}
	for _, addr := range []string{rs.Servers[1].Addr, refused, silent} {
		if !strings.Contains(err.Error(), addr) {
			t.Errorf("the error does not name %s: %v", addr, err)
		}
	}
	if took > 5*time.Second {
		t.Errorf("took %v, want about one connect_timeout (300ms)", took)
	}
}

// roleEvents is a Tracer that passes role changes to a channel.
type roleEvents struct {
	nopTracer
	ch chan engine.RoleChange
}

func (r roleEvents) TraceRoleChange(_ context.Context, d engine.RoleChange) { r.ch <- d }

// TestRoleFollowed: a connection that asked for a read-write instance
// learns, without a failed write, that its instance became read-only (an
// operator's failover): pushed by box.status on 2.10+, polled before.
func TestRoleFollowed(t *testing.T) {
	rs := tnttest.StartReplicaSet(t, 2, tnttest.Options{})
	ev := roleEvents{ch: make(chan engine.RoleChange, 4)}
	cfg := rs.Config()
	cfg.TargetSessionAttrs = engine.TargetReadWrite
	cfg.RoleCheckInterval = 50 * time.Millisecond
	cfg.Tracer = ev
	c := dialTarget(t, cfg)
	if c.Role() != engine.RoleReadWrite || c.Config().Address != rs.Servers[0].Addr {
		t.Fatalf("landed on %s as %v, want the master", c.Config().Address, c.Role())
	}
	// Only the change the promotion makes is this test's.
	for len(ev.ch) > 0 {
		t.Logf("a role change before the promotion: %+v", <-ev.ch)
	}
	if err := rs.Promote(1); err != nil {
		t.Fatal(err)
	}
	select {
	case d := <-ev.ch:
		if d.Conn != c || d.From != engine.RoleReadWrite || d.To != engine.RoleReadOnly || d.Address != rs.Servers[0].Addr {
			t.Errorf("role change: got %+v", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no role change traced within 10s of the master turning read-only")
	}
	if c.Role() != engine.RoleReadOnly {
		t.Errorf("Role after the change: %v", c.Role())
	}
	// A new Dial lands on the new master.
	cfg.Tracer = nil
	if c2 := dialTarget(t, cfg); c2.Config().Address != rs.Servers[1].Addr {
		t.Errorf("after the failover a read-write Dial landed on %s, want %s", c2.Config().Address, rs.Servers[1].Addr)
	}
}

// TestRolePrivileges: following the role needs no privilege on 2.10+
// (box.status is pushed to any user); before, it evaluates box.info.ro,
// and a user without execute on universe gets an error saying so.
func TestRolePrivileges(t *testing.T) {
	s := tnttest.Require(t)
	cfg := s.Config()
	cfg.User, cfg.Password = tnttest.ReaderUser, tnttest.ReaderPassword
	cfg.TargetSessionAttrs = engine.TargetReadWrite
	c, err := engine.Dial(context.Background(), cfg)
	if s.Version >= tnttest.VersionElections {
		if err != nil || c.Role() != engine.RoleReadWrite {
			t.Fatalf("2.10+: got %v, %v; want a read-write connection", c, err)
		}
		c.Close()
		return
	}
	var de *engine.DialError
	if !errors.As(err, &de) || de.Step != "role discovery" || !strings.Contains(err.Error(), "execute privilege on universe") {
		t.Fatalf("before 2.10 without execute: got %v, want a role discovery error naming the privilege", err)
	}
}

// TestDialUnixHosts: a list of unix sockets is tried in order like a list
// of TCP hosts.
func TestDialUnixHosts(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{Unix: true})
	dsn := "tarantool+unix://" + tnttest.User + ":" + tnttest.Password + "@" + s.Dir + "/missing.sock," + s.Addr + "?target_session_attrs=read-write"
	cfg, err := engine.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	c := dialTarget(t, cfg)
	if c.Config().Address != s.Addr || c.Role() != engine.RoleReadWrite {
		t.Errorf("landed on %s as %v, want %s, read-write", c.Config().Address, c.Role(), s.Addr)
	}
}
