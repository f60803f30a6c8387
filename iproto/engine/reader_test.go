package engine_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// TestLeaderReadsSerialReplies checks that a goroutine issuing one request
// after another reads its own replies (the read token goes to the waiter,
// not through the reader goroutine), and that the replies are right.
func TestLeaderReadsSerialReplies(t *testing.T) {
	c := dial(t)
	const n = 200
	before := c.Leads()
	for i := 0; i < n; i++ {
		if got := do(t, c, &iproto.Call{Function: "echo", Args: []any{i}}); !reflect.DeepEqual(got, []any{int64(i)}) {
			t.Fatalf("request %d: got %v", i, got)
		}
	}
	if led := c.Leads() - before; led < n/2 {
		t.Errorf("%d of %d serial requests were read by their own waiter, want most", led, n)
	}
}

// TestNoLeaderWhileWatching checks that once a key is watched the reader
// goroutine keeps reading, so that events are read when no request is in
// flight: waiters then never read for themselves. Before, they do.
func TestNoLeaderWhileWatching(t *testing.T) {
	s := tnttest.RequireVersion(t, iproto.VersionStreams, "watchers")
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	events := make(chan string, 8)
	// The reader goroutine leaves the socket after a lone reply; the
	// waiter of the next request may come before it has, so a few may
	// pass before one is read by its waiter.
	for i := 0; c.Leads() == 0 && i < 100; i++ {
		do(t, c, iproto.Ping{})
	}
	if c.Leads() == 0 {
		t.Fatal("no request read by its waiter before watching; the test checks nothing")
	}
	unwatch, err := c.Watch("tnttest.reader", func(key string, _ []byte) { events <- key })
	if err != nil {
		t.Fatal(err)
	}
	defer unwatch()
	select {
	case key := <-events: // the initial event, read with nothing in flight
		if key != "tnttest.reader" {
			t.Errorf("event for %q", key)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event for the watched key with nothing in flight")
	}
	before := c.Leads()
	for i := 0; i < 50; i++ {
		do(t, c, iproto.Ping{})
	}
	if led := c.Leads() - before; led != 0 {
		t.Errorf("%d requests read by their waiter while watching, want 0", led)
	}
}

// TestIdleCloseNoticedAfterLeaders checks that after a waiter has read its
// own reply and left the socket idle, a server that goes away is still
// noticed without any request: the reader goroutine takes the socket back.
func TestIdleCloseNoticedAfterLeaders(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{WALMode: "none"})
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for i := 0; i < 20; i++ {
		do(t, c, iproto.Ping{})
	}
	if c.Leads() == 0 {
		t.Fatal("no serial request was read by its waiter; the test checks nothing")
	}
	s.Kill()
	select {
	case <-c.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("connection did not notice the server going away while idle")
	}
	_, err = c.Do(context.Background(), iproto.Ping{})
	if ce, ok := err.(*engine.ConnError); !ok || ce.Sent {
		t.Errorf("request after the server went away: got %v, want a ConnError not sent", err)
	}
}

// TestMixedWaiters runs every kind of waiter at once on one connection:
// waiters that may read for themselves, waiters with a cancellable
// context or a deadline (which never do), a goroutine that sends many
// requests before waiting for any, and requests with pushes. Every reply
// must reach its own request.
func TestMixedWaiters(t *testing.T) {
	c := dial(t)
	const rounds = 300
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	report := func(err error) {
		select {
		case errs <- err:
		default:
		}
	}
	echo := func(ctx context.Context, tag string, i int) {
		want := fmt.Sprintf("%s-%d", tag, i)
		resp, err := c.Do(ctx, &iproto.Call{Function: "echo", Args: []any{want}})
		if err != nil {
			report(fmt.Errorf("%s: %w", want, err))
			return
		}
		got, err := resp.DecodeData()
		resp.Release()
		if err != nil || !reflect.DeepEqual(got, []any{want}) {
			report(fmt.Errorf("%s: got %v, %v", want, got, err))
		}
	}
	for g := 0; g < 4; g++ {
		wg.Add(3)
		go func() { // no Done channel: may lead
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				echo(context.Background(), fmt.Sprint("bg", g), i)
			}
		}()
		go func() { // cancellable: waits for the reader goroutine
			defer wg.Done()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			for i := 0; i < rounds; i++ {
				echo(ctx, fmt.Sprint("cancel", g), i)
			}
		}()
		go func() { // many in flight from one goroutine, then waited in order
			defer wg.Done()
			for i := 0; i < rounds/30; i++ {
				var fs []engine.Future
				for j := 0; j < 30; j++ {
					f, err := c.Send(&iproto.Call{Function: "echo", Args: []any{j}}, nil)
					if err != nil {
						report(err)
						return
					}
					fs = append(fs, f)
				}
				for j, f := range fs {
					resp, err := f.Wait(context.Background())
					if err != nil {
						report(err)
						continue
					}
					got, err := resp.DecodeData()
					resp.Release()
					if err != nil || !reflect.DeepEqual(got, []any{int64(j)}) {
						report(fmt.Errorf("pipelined %d: got %v, %v", j, got, err))
					}
				}
			}
		}()
	}
	wg.Add(1)
	go func() { // pushes, read by whoever holds the socket
		defer wg.Done()
		for i := 0; i < rounds/10; i++ {
			pushes := 0
			f, err := c.Send(&iproto.Call{Function: "push_n", Args: []any{3}},
				&engine.CallOptions{OnPush: func([]byte) { pushes++ }})
			if err != nil {
				report(err)
				return
			}
			resp, err := f.Wait(context.Background())
			if err != nil {
				report(err)
				continue
			}
			resp.Release()
			if pushes != 3 {
				report(fmt.Errorf("push round %d: %d pushes, want 3", i, pushes))
			}
		}
	}()
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(60 * time.Second):
		t.Fatal("waiters still blocked after 60 s: a reply was left unread")
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if c.Err() != nil {
		t.Errorf("connection failed: %v", c.Err())
	}
}

// TestLeaderCancelled checks that a waiter reading its own reply still
// returns as soon as its context is cancelled (not only at a deadline),
// and that the reply it leaves is read and dropped by the connection,
// which stays in step. The request waits at a gate on the server, so no
// reply can come before the cancel.
func TestLeaderCancelled(t *testing.T) {
	c := dial(t)
	// The gate (and its connection) first: the priming below must be
	// the last thing before the call, or the reader goroutine takes the
	// idle socket back (after idleGrace) and the call does not lead.
	g := newGate(t)
	// Serial requests until one is read by its waiter: from then on the
	// reader goroutine leaves the idle socket to waiters.
	for i := 0; c.Leads() == 0 && i < 100; i++ {
		do(t, c, iproto.Ping{})
	}
	before := c.Leads()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		g.awaitWaiting(1)
		cancel()
	}()
	if _, err := c.Do(ctx, g.call("late")); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled while the request waits at the gate", err)
	}
	if c.Leads() == before {
		t.Error("the cancelled request was not read by its waiter; the test checks nothing")
	}
	for i := 0; i < 3; i++ {
		if got := do(t, c, &iproto.Call{Function: "echo", Args: []any{i}}); !reflect.DeepEqual(got, []any{int64(i)}) {
			t.Fatalf("request %d after the cancel: got %v", i, got)
		}
	}
	g.open() // the late reply comes and is dropped
	if got := do(t, c, &iproto.Call{Function: "echo", Args: []any{"after"}}); !reflect.DeepEqual(got, []any{"after"}) {
		t.Errorf("after the late reply: got %v", got)
	}
	if c.Err() != nil {
		t.Errorf("connection failed: %v", c.Err())
	}
}

// TestLeadersCancelledAtRandom has serial callers whose contexts end at
// random moments, most of them while they read for themselves: every
// request either gets its own reply or its context's error, and the
// connection never falls out of step.
func TestLeadersCancelledAtRandom(t *testing.T) {
	c := dial(t)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				ctx, cancel := context.WithTimeout(context.Background(), time.Duration(i%7)*20*time.Microsecond)
				want := fmt.Sprintf("%d-%d", g, i)
				resp, err := c.Do(ctx, &iproto.Call{Function: "echo", Args: []any{want}})
				cancel()
				if err != nil {
					if !errors.Is(err, context.DeadlineExceeded) {
						select {
						case errs <- fmt.Errorf("%s: %w", want, err):
						default:
						}
					}
					continue
				}
				got, err := resp.DecodeData()
				resp.Release()
				if err != nil || !reflect.DeepEqual(got, []any{want}) {
					select {
					case errs <- fmt.Errorf("%s: got %v, %v", want, got, err):
					default:
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := do(t, c, &iproto.Call{Function: "echo", Args: []any{"end"}}); !reflect.DeepEqual(got, []any{"end"}) || c.Err() != nil {
		t.Errorf("after the run: got %v, connection error %v", got, c.Err())
	}
}
