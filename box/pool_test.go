package box_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// poolWait is how long a pool test waits for a change to show: far above
// what it takes, finite.
const poolWait = 20 * time.Second

// openPool opens a Pool over rs, closed when the test ends.
func openPool(t *testing.T, rs *tnttest.ReplicaSet, params string) *box.Pool {
	t.Helper()
	p, err := box.ConnectPool(context.Background(), rs.DSN(params))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// addrOf returns the instance a Conn of the pool is on.
func addrOf(c *box.Conn) string { return c.EngineConn().Config().Address }

// until polls cond every 10ms until it holds, failing the test after
// poolWait.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(poolWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, poolWait)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestPoolModes: over a master and two replicas, each mode gets an
// instance of its role, round-robin among those that suit.
func TestPoolModes(t *testing.T) {
	rs := tnttest.StartReplicaSet(t, 3, tnttest.Options{})
	p := openPool(t, rs, "role_check_interval=50ms")
	master := rs.Servers[0].Addr
	count := func(mode box.Mode) map[string]int {
		seen := map[string]int{}
		for i := 0; i < 12; i++ {
			c, err := p.Get(mode)
			if err != nil {
				t.Fatalf("Get(%v): %v", mode, err)
			}
			seen[addrOf(c)]++
		}
		return seen
	}
	if got := count(box.ModeRW); len(got) != 1 || got[master] != 12 {
		t.Errorf("rw went to %v, want only the master %s", got, master)
	}
	if got := count(box.ModePreferRW); len(got) != 1 || got[master] != 12 {
		t.Errorf("prefer-rw went to %v, want only the master", got)
	}
	for _, mode := range []box.Mode{box.ModeRO, box.ModePreferRO} {
		got := count(mode)
		if len(got) != 2 || got[master] != 0 || got[rs.Servers[1].Addr] != 6 {
			t.Errorf("%v went to %v, want the two replicas in turn", mode, got)
		}
	}
	if got := count(box.ModeAny); len(got) != 3 {
		t.Errorf("any went to %v, want all three in turn", got)
	}
	// The whole API through the Conn of a mode: a write on the master,
	// read back on a replica once replicated.
	ctx := context.Background()
	rw, _ := p.Get(box.ModeRW)
	if err := rw.Replace(ctx, "kv", []any{uint64(77), "pooled"}).Err(); err != nil {
		t.Fatal(err)
	}
	if err := rs.WaitSynced(0); err != nil {
		t.Fatal(err)
	}
	ro, _ := p.Get(box.ModeRO)
	var got struct {
		K uint64
		V string
	}
	if err := ro.Get(ctx, "kv", "pk", uint64(77), &got); err != nil || got.V != "pooled" {
		t.Errorf("read on a replica: %+v, %v", got, err)
	}
	if err := ro.Replace(ctx, "kv", []any{uint64(78), "x"}).Err(); !errors.Is(err, iproto.ErReadonly) {
		t.Errorf("a write on a replica's Conn: got %v, want ER_READONLY", err)
	}
	infos := p.Instances()
	if len(infos) != 3 || infos[0].Role != engine.RoleReadWrite || infos[1].Role != engine.RoleReadOnly || !infos[2].Connected {
		t.Errorf("Instances: %+v", infos)
	}
	if st := p.Stats(); st.Sent == 0 || st.InFlight != 0 {
		t.Errorf("Stats: %+v", st)
	}
}

// TestPoolFailover: the master dies and the operator promotes a replica:
// Get(ModeRW) returns it once its role is known, without a new Pool; the
// dead instance is reconnected when it comes back, as a replica.
func TestPoolFailover(t *testing.T) {
	rs := tnttest.StartReplicaSet(t, 3, tnttest.Options{WALMode: "write"})
	p := openPool(t, rs, "role_check_interval=50ms&reconnect_delay=20ms")
	ctx := context.Background()
	rs.Servers[0].Kill()
	if _, err := p.Get(box.ModeRW); err == nil {
		// The pool may not have noticed the death yet; it must once the
		// socket reports it.
		until(t, "the dead master leaves rw", func() bool { _, err := p.Get(box.ModeRW); return err != nil })
	}
	_, err := p.Get(box.ModeRW)
	var ne *box.NoInstanceError
	if !errors.As(err, &ne) || len(ne.Instances) != 3 || ne.Instances[0].Connected {
		t.Errorf("rw without a master: got %v, want a *NoInstanceError saying the master is down", err)
	}
	start := time.Now()
	if err := rs.Promote(1); err != nil {
		t.Fatal(err)
	}
	until(t, "the promoted replica serves rw", func() bool {
		c, err := p.Get(box.ModeRW)
		return err == nil && addrOf(c) == rs.Servers[1].Addr && c.Replace(ctx, "kv", []any{uint64(90), "new master"}).Err() == nil
	})
	t.Logf("from the promotion to a write through Get(ModeRW): %v", time.Since(start))

	// The old master comes back read-only (as an operator would start
	// it after a failover) and rejoins the pool as a replica.
	if err := rs.Servers[0].Restart(); err != nil {
		t.Fatal(err)
	}
	if err := rs.Servers[0].Eval("box.cfg{read_only = true}"); err != nil {
		t.Fatal(err)
	}
	until(t, "the old master is back as a replica", func() bool {
		in := p.Instances()[0]
		return in.Connected && in.Role == engine.RoleReadOnly
	})
}

// TestPoolAddRemove: instances join and leave a Pool in use; an instance
// down when the Pool opens is connected once it is up.
func TestPoolAddRemove(t *testing.T) {
	rs := tnttest.StartReplicaSet(t, 2, tnttest.Options{})
	late := tnttest.StartPrivate(t, tnttest.Options{})
	late.Kill() // down when the pool opens
	cfg := rs.Servers[0].Config()
	cfg.FallbackAddresses = []string{late.Addr}
	cfg.ReconnectDelay = 20 * time.Millisecond
	p, err := box.NewPool(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if in := p.Instances(); len(in) != 2 || !in[0].Connected || in[1].Connected || in[1].Err == nil {
		t.Fatalf("Instances with one down: %+v", in)
	}
	if err := late.Restart(); err != nil {
		t.Fatal(err)
	}
	until(t, "the late instance connects", func() bool { return p.Instances()[1].Connected })

	if err := p.Add(context.Background(), rs.Servers[1].Addr); err != nil {
		t.Fatal(err)
	}
	if err := p.Add(context.Background(), rs.Servers[1].Addr); err == nil {
		t.Error("adding an instance twice did not fail")
	}
	if c, err := p.Get(box.ModeRO); err != nil || addrOf(c) != rs.Servers[1].Addr {
		t.Errorf("ro after Add: %v, %v; want the added replica", c, err)
	}
	if err := p.Remove(rs.Servers[1].Addr); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Get(box.ModeRO); err == nil {
		t.Error("ro after removing the only replica did not fail")
	}
	if err := p.Remove(rs.Servers[1].Addr); err == nil {
		t.Error("removing an instance twice did not fail")
	}
	if err := p.Add(context.Background(), "127.0.0.1:1"); err == nil || len(p.Instances()) != 2 {
		t.Errorf("adding an instance that refuses: got %v and %d instances, want an error and 2", err, len(p.Instances()))
	}
}

// TestPoolAllDown: a Pool none of whose instances answers fails, naming
// each.
func TestPoolAllDown(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{})
	cfg := s.Config()
	s.Kill()
	cfg.FallbackAddresses = []string{"127.0.0.1:1"}
	_, err := box.NewPool(context.Background(), cfg)
	var he *engine.HostsError
	if !errors.As(err, &he) || len(he.Tries) != 2 {
		t.Fatalf("got %v, want a *HostsError with two tries", err)
	}
}
