package integration

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// writer writes keys of its own range in order until stopped, and
// records which writes returned success and how many failed.
type writer struct {
	name  string
	write func(ctx context.Context, key uint64) error

	mu     sync.Mutex
	acked  []uint64    // keys whose write returned success, in order
	sentAt []time.Time // when each of them was begun
	ackAt  []time.Time // and when it returned
	failed int
}

func (w *writer) run(stop <-chan struct{}, base uint64, wg *sync.WaitGroup) {
	defer wg.Done()
	for k := base; ; k++ {
		select {
		case <-stop:
			return
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		began := time.Now()
		err := w.write(ctx, k)
		cancel()
		w.mu.Lock()
		if err == nil {
			w.acked = append(w.acked, k)
			w.sentAt = append(w.sentAt, began)
			w.ackAt = append(w.ackAt, time.Now())
		} else {
			w.failed++
		}
		w.mu.Unlock()
		if err != nil {
			time.Sleep(5 * time.Millisecond) // a client's retry pause
		}
	}
}

// ackedSince reports whether a write returned success after t.
func (w *writer) ackedSince(t time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.ackAt) > 0 && w.ackAt[len(w.ackAt)-1].After(t)
}

// resumed returns how long after t the first write begun after t
// returned success: how long the writer could not write.
func (w *writer) resumed(t time.Time) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	for i, at := range w.sentAt {
		if at.After(t) {
			return w.ackAt[i].Sub(t)
		}
	}
	return -1
}

// TestElectionFailover: a replica set of three with Raft elections
// (2.10+), a synchronous space, and writers through database/sql and box
// with target_session_attrs=read-write. The leader is killed under the
// load: a new one is elected, both writers follow it without being
// reopened, and every write that returned success is on the new leader.
// The test reports how long writes failed and how many.
func TestElectionFailover(t *testing.T) {
	tnttest.RequireVersion(t, tnttest.VersionElections, "Raft elections with box.status and automatic promotion")
	rs := tnttest.StartReplicaSet(t, 3, tnttest.Options{})
	leader, err := rs.StartElections()
	if err != nil {
		t.Fatal(err)
	}
	err = rs.Servers[leader].Eval(`
		local s = box.schema.space.create('sync_kv', {is_sync = true, format = {
			{name = 'k', type = 'unsigned'}, {name = 'v', type = 'string'}}})
		s:create_index('pk')`)
	if err != nil {
		t.Fatal(err)
	}
	if err := rs.WaitSynced(leader); err != nil {
		t.Fatal(err)
	}
	dsn := rs.DSN("target_session_attrs=read-write&reconnect_delay=20ms&connect_timeout=1s")
	db, err := sql.Open("tarantool", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	bc, err := box.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer bc.Close()

	writers := []*writer{
		{name: "database/sql", write: func(ctx context.Context, k uint64) error {
			_, err := db.ExecContext(ctx, `INSERT INTO "sync_kv" VALUES (?, 'sql')`, k)
			return err
		}},
		{name: "box", write: func(ctx context.Context, k uint64) error {
			return bc.Insert(ctx, "sync_kv", []any{k, "box"}).Err()
		}},
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, w := range writers {
		wg.Add(1)
		go w.run(stop, uint64(i+1)*1_000_000, &wg)
	}
	time.Sleep(300 * time.Millisecond) // load before the kill
	killed := time.Now()
	rs.Servers[leader].Kill()
	newLeader, err := rs.WaitLeader(30 * time.Second)
	if err != nil {
		close(stop)
		wg.Wait()
		t.Fatal(err)
	}
	elected := time.Since(killed)
	deadline := time.Now().Add(30 * time.Second)
	for !writers[0].ackedSince(killed) || !writers[1].ackedSince(killed) {
		if time.Now().After(deadline) {
			close(stop)
			wg.Wait()
			t.Fatalf("the writers did not follow the new leader within 30s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // load on the new leader
	close(stop)
	wg.Wait()

	t.Logf("the leader was killed; a new leader was elected %v later (box.info.election.state)", elected)
	for _, w := range writers {
		t.Logf("%s: %d writes acknowledged, %d failed; the first write begun after the kill succeeded %v after it",
			w.name, len(w.acked), w.failed, w.resumed(killed).Round(time.Millisecond))
	}

	// None lost: every acknowledged write is on the new leader.
	for _, w := range writers {
		v, err := rs.Servers[newLeader].EvalValues(`local missing = 0
			for _, k in ipairs(...) do
				if box.space.sync_kv:get(k) == nil then missing = missing + 1 end
			end
			return missing`, w.acked)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(v[0]) != "0" {
			t.Errorf("%s: %v of %d acknowledged writes are not on the new leader", w.name, v[0], len(w.acked))
		}
	}
}
