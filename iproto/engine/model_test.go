package engine_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/faultproxy"
	"github.com/tntsql/tarantool/internal/leakcheck"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// modelEcho returns its token after sleeping, and pushes it n times first:
// every push and the reply say whose they are.
const modelEcho = "local tok, n, t, pad = ... " +
	"for i = 1, n do box.session.push(tok) end " +
	"if t > 0 then require('fiber').sleep(t) end " +
	"return tok, pad"

// TestModelRandomInterleavings drives one connection through random
// interleavings: many goroutines, each request with a random context (none,
// a deadline that may pass before or after the reply, one cancelled at
// once), random server delays, pushes, replies large enough to arrive in
// pieces, requests sent and released unwaited, and, beside them, a link
// that stalls and slows down in either direction. Every reply and every
// push must reach its own caller, once; a caller gets its reply or its
// context's error, nothing else; at the end nothing is left pending, no
// goroutine is left over and the connection serves on. The seed is logged;
// TNT_MODEL_SEED replays a run and TNT_MODEL_OPS sets its length.
func TestModelRandomInterleavings(t *testing.T) {
	defer leakcheck.Goroutines(t)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("TNT_MODEL_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	ops := 300
	if testing.Short() {
		ops = 60
	}
	if s := os.Getenv("TNT_MODEL_OPS"); s != "" {
		ops, _ = strconv.Atoi(s)
	}
	t.Logf("seed %d (TNT_MODEL_SEED), %d operations per goroutine", seed, ops)

	p, c := dialViaProxy(t)
	const workers = 12
	var wg sync.WaitGroup
	var replies, cancelled, abandoned atomic.Int64
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(w)))
			for i := range ops {
				if err := modelOp(c, rng, fmt.Sprintf("w%d-%d", w, i), &replies, &cancelled, &abandoned); err != nil {
					errs <- err
					return
				}
			}
		}()
	}

	// The link misbehaves beside the callers, each stall shorter than a
	// reply's worth of patience: nothing here may fail the connection.
	stop := make(chan struct{})
	chaos := make(chan struct{})
	go func() {
		defer close(chaos)
		rng := rand.New(rand.NewPCG(seed, 1<<32))
		dirs := []faultproxy.Direction{faultproxy.ToServer, faultproxy.ToClient}
		for {
			d := dirs[rng.IntN(2)]
			switch rng.IntN(3) {
			case 0:
				p.Blackhole(d, true)
			case 1:
				p.Throttle(d, 256<<10)
			}
			select {
			case <-stop:
				p.Heal()
				return
			case <-time.After(time.Duration(1+rng.IntN(20)) * time.Millisecond):
			}
			p.Heal()
			select {
			case <-stop:
				return
			case <-time.After(time.Duration(rng.IntN(20)) * time.Millisecond):
			}
		}
	}()
	wg.Wait()
	close(stop)
	<-chaos
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	// Late replies of given-up requests are still read and dropped.
	deadline := time.Now().Add(5 * time.Second)
	for c.Pending() > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := c.Pending(); n > 0 {
		t.Errorf("%d requests still pending after the run", n)
	}
	if _, err := doErr(c, iproto.Ping{}); err != nil {
		t.Errorf("the connection does not serve on: %v", err)
	}
	t.Logf("%d replies, %d ended by their context, %d released unwaited", replies.Load(), cancelled.Load(), abandoned.Load())
	if replies.Load() == 0 || cancelled.Load() == 0 {
		t.Errorf("the run did not exercise both outcomes: %d replies, %d cancelled", replies.Load(), cancelled.Load())
	}
}

// modelOp runs one random request whose reply and pushes carry tok, and
// returns an error for anything a caller must never see.
func modelOp(c *engine.Conn, rng *rand.Rand, tok string, replies, cancelled, abandoned *atomic.Int64) error {
	pushes := rng.IntN(3)
	sleep := 0.0
	if rng.IntN(4) == 0 {
		sleep = float64(rng.IntN(15)) / 1000
	}
	pad := ""
	if rng.IntN(5) == 0 {
		pad = strings.Repeat("p", 1+rng.IntN(96<<10)) // many segments on the wire
	}
	var got []string
	var mu sync.Mutex
	opts := &engine.CallOptions{OnPush: func(body []byte) {
		var b iproto.Body
		if err := iproto.ParseBody(body, &b); err != nil {
			mu.Lock()
			got = append(got, "malformed: "+err.Error())
			mu.Unlock()
			return
		}
		data, _ := b.DecodeData()
		mu.Lock()
		got = append(got, fmt.Sprint(data...))
		mu.Unlock()
	}}
	req := &iproto.Eval{Expr: modelEcho, Args: []any{tok, pushes, sleep, pad}}

	ctx, cancel := context.Background(), context.CancelFunc(func() {})
	switch rng.IntN(4) {
	case 0: // a deadline that may pass before the reply
		ctx, cancel = context.WithTimeout(ctx, time.Duration(rng.IntN(20))*time.Millisecond)
	case 1: // cancelled before or just after sending
		ctx, cancel = context.WithCancel(ctx)
		if rng.IntN(2) == 0 {
			cancel()
		}
	}
	defer cancel()

	f, err := c.Send(req, opts)
	if err != nil {
		return fmt.Errorf("%s: Send: %v", tok, err)
	}
	if rng.IntN(10) == 0 {
		f.Release() // nobody waits: the reply is dropped
		abandoned.Add(1)
		return nil
	}
	if rng.IntN(3) == 0 {
		cancel()
	}
	resp, err := f.Wait(ctx)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			cancelled.Add(1)
			return nil
		}
		return fmt.Errorf("%s: Wait: %v (context: %v)", tok, err, ctx.Err())
	}
	defer resp.Release()
	data, err := resp.DecodeData()
	if err != nil {
		return fmt.Errorf("%s: reply: %v", tok, err)
	}
	if len(data) != 2 || data[0] != tok || data[1] != pad {
		return fmt.Errorf("%s: got another reply: %.80v", tok, data)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != pushes {
		return fmt.Errorf("%s: %d pushes, want %d: %.200v", tok, len(got), pushes, got)
	}
	for _, g := range got {
		if g != tok {
			return fmt.Errorf("%s: got a push of %q", tok, g)
		}
	}
	replies.Add(1)
	return nil
}
