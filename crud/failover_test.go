package crud_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tntsql/tarantool/crud"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto/engine"
)

// load writes new customers from several goroutines until stop, and
// records the ids acknowledged and the errors.
type load struct {
	next  atomic.Uint64
	mu    sync.Mutex
	acked []uint64
	errs  []error
	wg    sync.WaitGroup
}

func (l *load) run(ctx context.Context, c *crud.Client, workers int, stop <-chan struct{}) {
	for w := 0; w < workers; w++ {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				id := l.next.Add(1)
				err := c.InsertObject(ctx, "customers", Customer{ID: id, Name: "load"}, crud.NoReturn()).Err()
				l.mu.Lock()
				if err == nil {
					l.acked = append(l.acked, id)
				} else {
					l.errs = append(l.errs, err)
				}
				l.mu.Unlock()
				if err != nil {
					time.Sleep(5 * time.Millisecond)
				}
			}
		}()
	}
}

func (l *load) counts() (acked, failed int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.acked), len(l.errs)
}

// waitAcked waits until the load has more than n acknowledged writes.
func (l *load) waitAcked(t *testing.T, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		if a, _ := l.counts(); a > n {
			return
		}
		if time.Now().After(deadline) {
			a, f := l.counts()
			l.mu.Lock()
			var last error
			if len(l.errs) > 0 {
				last = l.errs[len(l.errs)-1]
			}
			l.mu.Unlock()
			t.Fatalf("writes did not resume: %d acknowledged (want > %d), %d failed, the last: %v", a, n, f, last)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestStorageMasterKilledUnderLoad(t *testing.T) {
	cl := tnttest.StartCluster(t, tnttest.ClusterOptions{Synchronous: true})
	c := clientOf(t, cl.DSN(""))
	ctx := ctxT(t)
	var l load
	stop := make(chan struct{})
	l.run(ctx, c, 8, stop)
	l.waitAcked(t, 200, 10*time.Second)
	killedAt := time.Now()
	if err := cl.Failover(0); err != nil {
		close(stop)
		l.wg.Wait()
		t.Fatal(err)
	}
	a, _ := l.counts()
	l.waitAcked(t, a+200, 20*time.Second)
	close(stop)
	l.wg.Wait()
	acked, failed := l.counts()
	t.Logf("%d writes acknowledged, %d failed; writes resumed %v after the kill", acked, failed, time.Since(killedAt).Round(time.Millisecond))

	// Each failure says what happened: a crud error (vshard's, from
	// the router) or a connection error, with a message.
	for _, err := range l.errs {
		var ce *crud.Error
		var conn *engine.ConnError
		if !errors.As(err, &ce) && !errors.As(err, &conn) {
			t.Fatalf("a failed write: %T %v; want a *crud.Error or *engine.ConnError", err, err)
		}
		if err.Error() == "" {
			t.Fatal("an error without a message")
		}
	}
	// Every acknowledged write is there after the replica took over.
	lost := 0
	for _, id := range l.acked {
		var cu Customer
		if err := c.Get(ctx, "customers", id, crud.Mode(crud.Write)).Decode(&cu); err != nil {
			lost++
			if lost < 5 {
				t.Errorf("acknowledged id %d: %v", id, err)
			}
		}
	}
	if lost > 0 {
		t.Fatalf("%d of %d acknowledged writes lost", lost, acked)
	}
}

func TestRouterKilled(t *testing.T) {
	cl := tnttest.StartCluster(t, tnttest.ClusterOptions{})
	c := clientOf(t, cl.DSN(""))
	ctx := ctxT(t)
	if err := c.InsertObject(ctx, "customers", Customer{ID: 1 << 40, Name: "probe"}).Err(); err != nil {
		t.Fatal(err)
	}
	var l load
	stop := make(chan struct{})
	l.run(ctx, c, 4, stop)
	// Readers: a read is sent again through the other router, so none
	// fails.
	var readErrs atomic.Int64
	var reads atomic.Int64
	var rwg sync.WaitGroup
	for r := 0; r < 4; r++ {
		rwg.Add(1)
		go func() {
			defer rwg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var cu Customer
				if err := c.Get(ctx, "customers", uint64(1<<40)).Decode(&cu); err != nil {
					readErrs.Add(1)
					t.Errorf("a read failed while a router died: %v", err)
				}
				reads.Add(1)
			}
		}()
	}
	l.waitAcked(t, 100, 10*time.Second)
	cl.Routers[0].Kill()
	a, _ := l.counts()
	l.waitAcked(t, a+300, 10*time.Second)
	close(stop)
	l.wg.Wait()
	rwg.Wait()
	acked, failed := l.counts()
	t.Logf("router 0 killed: %d reads (%d failed), %d writes acknowledged, %d failed", reads.Load(), readErrs.Load(), acked, failed)
	// A write fails only when it may have reached the dead router.
	for _, err := range l.errs {
		var conn *engine.ConnError
		if !errors.As(err, &conn) || conn.SafeToRetry() {
			t.Fatalf("a failed write: %v; want a connection error of a write that was sent", err)
		}
	}
	if failed > 4 {
		t.Fatalf("%d writes failed: more than one in flight per writer", failed)
	}
}
