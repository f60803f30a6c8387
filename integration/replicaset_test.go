package integration

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// versionSQLReadOnly is the first version this suite has seen refuse SQL
// writes on a read-only instance: 2.6.0 (Debian's) runs them
// (tarantool/tarantool#5231), so on it a pool that has not yet learnt of
// a switchover writes to the demoted master.
var versionSQLReadOnly = iproto.MakeVersion(2, 10, 0)

// movesTo waits, within failoverBound, until db's connections are on
// addr, and returns how long that took.
func movesTo(t *testing.T, db *sql.DB, addr string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		got := instanceOf(t, db)
		if got == addr {
			return time.Since(start)
		}
		if time.Since(start) > failoverBound {
			t.Fatalf("the pool is still on %s %v after the change, want %s", got, failoverBound, addr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// failoverBound is how long a test waits for writes to reach a new
// master: far above what detection and re-dial take, finite.
const failoverBound = 20 * time.Second

// instanceOf returns the address of the instance behind a database/sql
// connection of db.
func instanceOf(t *testing.T, db *sql.DB) string {
	t.Helper()
	c, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var addr string
	if err := c.Raw(func(dc any) error {
		addr = dc.(*tarantool.Conn).EngineConn().Config().Address
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return addr
}

// rsTable creates table rs_kv on the master and waits until the replicas
// have it.
func rsTable(t *testing.T, rs *tnttest.ReplicaSet) {
	t.Helper()
	if err := rs.Servers[0].Eval(`box.execute([[CREATE TABLE rs_kv (id INTEGER PRIMARY KEY, v STRING)]])`); err != nil {
		t.Fatal(err)
	}
	if err := rs.WaitSynced(0); err != nil {
		t.Fatal(err)
	}
}

// writeUntilOK inserts (id, v) through write until it succeeds, within
// failoverBound, and returns how many attempts failed and how long it took.
func writeUntilOK(t *testing.T, write func(ctx context.Context) error) (failed int, took time.Duration) {
	t.Helper()
	start := time.Now()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := write(ctx)
		cancel()
		if err == nil {
			return failed, time.Since(start)
		}
		failed++
		if time.Since(start) > failoverBound {
			t.Fatalf("no write succeeded within %v of the failover; last error: %v", failoverBound, err)
		}
		time.Sleep(10 * time.Millisecond) // a client's retry loop
	}
}

// TestReplicaSetSQL: a database/sql pool over a replica set of three
// (2.6+: one master, two replicas, failover by an operator). read-write
// lands on the master and read-only on a replica; when the master dies
// and a replica is made writable, writes go to it without a new pool,
// and reads stay on replicas.
func TestReplicaSetSQL(t *testing.T) {
	rs := tnttest.StartReplicaSet(t, 3, tnttest.Options{})
	rsTable(t, rs)
	params := "target_session_attrs=%s&role_check_interval=50ms&connect_timeout=1s"
	rw, err := sql.Open("tarantool", rs.DSN(fmt.Sprintf(params, "read-write")))
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	ro, err := sql.Open("tarantool", rs.DSN(fmt.Sprintf(params, "read-only")))
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	table := tnttest.SQLName(rs.Servers[0].Version, "rs_kv")
	insert := func(id int) func(ctx context.Context) error {
		return func(ctx context.Context) error {
			_, err := rw.ExecContext(ctx, `INSERT INTO rs_kv VALUES (?, 'x')`, id)
			return err
		}
	}

	if err := insert(1)(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := instanceOf(t, rw); got != rs.Servers[0].Addr {
		t.Errorf("read-write pool on %s, want the master %s", got, rs.Servers[0].Addr)
	}
	if got := instanceOf(t, ro); got == rs.Servers[0].Addr {
		t.Errorf("read-only pool on the master %s", got)
	}
	if err := rs.WaitSynced(0); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := ro.QueryRow(`SELECT COUNT(*) FROM rs_kv`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("read on a replica: %d rows, %v", n, err)
	}
	if rs.Servers[0].Version >= versionSQLReadOnly {
		_, err = ro.Exec(`INSERT INTO rs_kv VALUES (2, 'y')`)
		if !errors.Is(err, iproto.ErReadonly) {
			t.Errorf("a write on the read-only pool: got %v, want ER_READONLY", err)
		}
	}

	// The master dies; the operator makes Servers[1] writable.
	rs.Servers[0].Kill()
	if err := rs.Promote(1); err != nil {
		t.Fatal(err)
	}
	failed, took := writeUntilOK(t, insert(3))
	t.Logf("after the master died: %d failed writes, %v until a write succeeded", failed, took)
	if got := instanceOf(t, rw); got != rs.Servers[1].Addr {
		t.Errorf("read-write pool on %s after the failover, want %s", got, rs.Servers[1].Addr)
	}
	if err := rs.WaitSynced(1); err != nil {
		t.Fatal(err)
	}
	// The read-only pool's connection to the promoted instance is
	// dropped once it learns the new role (role_check_interval before
	// 2.10, box.status after).
	t.Logf("the read-only pool left the promoted replica in %v", movesTo(t, ro, rs.Servers[2].Addr))
	if err := ro.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil || n != 2 {
		t.Errorf("read on a replica after the failover: %d rows, %v; want 2", n, err)
	}
}

// TestReplicaSetSwitchover: the master is demoted while it runs (an
// operator's switchover): the pool learns it from the server
// (box.status on 2.10+, box.info.ro polled before) and moves to the new
// master with at most one write refused with ER_READONLY (the one that
// raced the change), none of them retried by the driver.
func TestReplicaSetSwitchover(t *testing.T) {
	tnttest.RequireVersion(t, versionSQLReadOnly, "SQL writes refused on a read-only instance (2.6.0 runs them: tarantool/tarantool#5231)")
	rs := tnttest.StartReplicaSet(t, 2, tnttest.Options{})
	rsTable(t, rs)
	rw, err := sql.Open("tarantool", rs.DSN("target_session_attrs=read-write&role_check_interval=50ms"))
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	if _, err := rw.Exec(`INSERT INTO rs_kv VALUES (1, 'x')`); err != nil {
		t.Fatal(err)
	}
	if err := rs.WaitSynced(0); err != nil {
		t.Fatal(err)
	}
	if err := rs.Promote(1); err != nil {
		t.Fatal(err)
	}
	refused := 0
	failed, took := writeUntilOK(t, func(ctx context.Context) error {
		_, err := rw.ExecContext(ctx, `INSERT INTO rs_kv VALUES (2, 'y')`)
		if errors.Is(err, iproto.ErReadonly) {
			refused++
		}
		return err
	})
	t.Logf("switchover: %d failed writes (%d ER_READONLY), %v until a write succeeded", failed, refused, took)
	if failed != refused || refused > 1 {
		t.Errorf("%d failed writes, %d of them ER_READONLY; want at most one, ER_READONLY", failed, refused)
	}
	if got := instanceOf(t, rw); got != rs.Servers[1].Addr {
		t.Errorf("read-write pool on %s after the switchover, want %s", got, rs.Servers[1].Addr)
	}
}

// TestReplicaSetBox: a box connection with target_session_attrs and
// reconnect_delay follows the master: through its death (a reconnection
// to the promoted replica) and through a switchover while it runs (a new
// connection, the old one closed once idle).
func TestReplicaSetBox(t *testing.T) {
	rs := tnttest.StartReplicaSet(t, 3, tnttest.Options{})
	ctx := context.Background()
	c, err := box.Connect(ctx, rs.DSN("target_session_attrs=read-write&reconnect_delay=20ms&role_check_interval=50ms&connect_timeout=1s"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	put := func(k uint64) func(ctx context.Context) error {
		return func(ctx context.Context) error { return c.Replace(ctx, "kv", []any{k, "v"}).Err() }
	}
	if err := put(1)(ctx); err != nil {
		t.Fatal(err)
	}
	if got := c.EngineConn().Config().Address; got != rs.Servers[0].Addr {
		t.Fatalf("box on %s, want the master %s", got, rs.Servers[0].Addr)
	}
	if err := rs.WaitSynced(0); err != nil {
		t.Fatal(err)
	}

	rs.Servers[0].Kill()
	if err := rs.Promote(1); err != nil {
		t.Fatal(err)
	}
	failed, took := writeUntilOK(t, put(2))
	t.Logf("box after the master died: %d failed writes, %v until a write succeeded", failed, took)
	if got := c.EngineConn().Config().Address; got != rs.Servers[1].Addr {
		t.Errorf("box on %s after the failover, want %s", got, rs.Servers[1].Addr)
	}
	if err := rs.WaitSynced(1); err != nil {
		t.Fatal(err)
	}

	old := c.EngineConn()
	if err := rs.Promote(2); err != nil {
		t.Fatal(err)
	}
	failed, took = writeUntilOK(t, put(3))
	t.Logf("box switchover: %d failed writes, %v until a write succeeded", failed, took)
	if got := c.EngineConn().Config().Address; got != rs.Servers[2].Addr {
		t.Errorf("box on %s after the switchover, want %s", got, rs.Servers[2].Addr)
	}
	select {
	case <-old.Done(): // closed once idle
	case <-time.After(failoverBound):
		t.Error("the connection to the demoted master was not closed")
	}
	if st := c.Stats(); st.Reconnects != 2 {
		t.Errorf("%d reconnections, want 2", st.Reconnects)
	}
}

// TestReplicaSetAllDown: with every instance down a query fails saying
// what each host did, and once one instance is back the same pool serves.
func TestReplicaSetAllDown(t *testing.T) {
	rs := tnttest.StartReplicaSet(t, 2, tnttest.Options{})
	db, err := sql.Open("tarantool", rs.DSN("target_session_attrs=read-write&connect_timeout=1s"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	for _, s := range rs.Servers {
		s.Kill()
	}
	// The first request may still go to the pool's connection, whose
	// socket died under it (a *engine.ConnError: database/sql does not
	// retry a Ping); the pool then drops it, and connecting anew fails
	// naming both hosts.
	var he *engine.HostsError
	for attempt := 1; ; attempt++ {
		err = db.Ping()
		if errors.As(err, &he) {
			break
		}
		var ce *engine.ConnError
		if !errors.As(err, &ce) || attempt == 3 {
			t.Fatalf("with every instance down, attempt %d: got %v, want a *engine.HostsError naming both hosts", attempt, err)
		}
	}
	if len(he.Tries) != 2 {
		t.Errorf("HostsError with %d tries: %v", len(he.Tries), he)
	}
	if err := rs.Servers[0].Restart(); err != nil {
		t.Fatal(err)
	}
	if _, took := writeUntilOK(t, func(ctx context.Context) error { return db.PingContext(ctx) }); took > failoverBound {
		t.Errorf("took %v", took)
	}
	if got := instanceOf(t, db); got != rs.Servers[0].Addr {
		t.Errorf("pool on %s, want the instance that came back, %s", got, rs.Servers[0].Addr)
	}
}

// TestReplicaSetReplicaRestart: a read-only pool over two replicas keeps
// serving while one is stopped, and uses it again once it is back.
func TestReplicaSetReplicaRestart(t *testing.T) {
	rs := tnttest.StartReplicaSet(t, 3, tnttest.Options{})
	rsTable(t, rs)
	ro, err := sql.Open("tarantool", rs.DSN("target_session_attrs=read-only&sockets=0&connect_timeout=1s"))
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	first := instanceOf(t, ro)
	stopped := rs.Servers[1]
	if first != stopped.Addr {
		t.Fatalf("read-only pool on %s, want the first replica listed, %s", first, stopped.Addr)
	}
	stopped.Kill()
	t.Logf("the pool left the stopped replica in %v", movesTo(t, ro, rs.Servers[2].Addr))
	if err := stopped.Restart(); err != nil {
		t.Fatal(err)
	}
	// New connections go to the first replica listed again: close the
	// pool's idle ones so that it dials.
	ro.SetMaxIdleConns(0)
	t.Logf("the pool was back on the restarted replica in %v", movesTo(t, ro, stopped.Addr))
}
