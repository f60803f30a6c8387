package engine_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// TestRequestTimeoutSurvivesReuse runs requests with Config.RequestTimeout
// from many goroutines on one connection: some fail at once with a server
// error, the others call a function that sleeps far longer than the
// timeout and must each end with a *TimeoutError. A slow call that returns
// the function's value instead had its timer stopped by the request that
// used the same pooled state before it (issue 17: Wait stopped its timer
// in a defer, after handing the state back to the pool).
func TestRequestTimeoutSurvivesReuse(t *testing.T) {
	const (
		timeout  = 20 * time.Millisecond
		sleep    = 0.5 // seconds the slow function sleeps: 25 timeouts
		slow     = 8   // goroutines calling it: 200 calls asleep on the server at most
		slowRuns = 25  // calls each
		fast     = 8   // goroutines failing at once meanwhile
	)
	s := tnttest.Require(t)
	cfg := s.Config()
	cfg.RequestTimeout = timeout
	c, err := engine.Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()

	var stop atomic.Bool
	var fastErrs, timeouts atomic.Int64
	var wg sync.WaitGroup
	for g := 0; g < fast; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				resp, err := c.Do(ctx, &iproto.Call{Function: "no_such_function"})
				var se *iproto.Error
				var te *engine.TimeoutError
				switch {
				case errors.As(err, &se) && se.Code == iproto.ErNoSuchProc:
					fastErrs.Add(1)
				case errors.As(err, &te): // the machine is slow: no harm
				default:
					resp.Release()
					t.Errorf("call of a missing function: got %v, want ER_NO_SUCH_PROC", err)
					return
				}
			}
		}()
	}
	var slowWG sync.WaitGroup
	for g := 0; g < slow; g++ {
		slowWG.Add(1)
		go func() {
			defer slowWG.Done()
			for i := 0; i < slowRuns; i++ {
				start := time.Now()
				resp, err := c.Do(ctx, &iproto.Call{Function: "sleep_echo", Args: []any{sleep, i}})
				var te *engine.TimeoutError
				if !errors.As(err, &te) {
					resp.Release()
					t.Errorf("call sleeping %vs with a request timeout of %v: got %v after %v, want a *TimeoutError: the timer did not fire",
						sleep, timeout, err, time.Since(start).Round(time.Millisecond))
					return
				}
				timeouts.Add(1)
			}
		}()
	}
	slowWG.Wait()
	stop.Store(true)
	wg.Wait()
	if fastErrs.Load() == 0 || timeouts.Load() != slow*slowRuns {
		t.Errorf("%d fast server errors, %d timeouts of %d: want some and all", fastErrs.Load(), timeouts.Load(), slow*slowRuns)
	}
}

// TestRequestTimerStoppedBeforeReuse is the deterministic form of
// TestRequestTimeoutSurvivesReuse: the moment a request's state goes back
// to the pool, a hook arms its timer as the request taking it next would.
// However Wait ended (a server error, its timeout, a reply released
// afterwards), nothing may stop that timer any more.
func TestRequestTimerStoppedBeforeReuse(t *testing.T) {
	s := tnttest.Require(t)
	cfg := s.Config()
	cfg.RequestTimeout = 50 * time.Millisecond
	c, err := engine.Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, tc := range []struct {
		name  string
		req   iproto.Request
		check func(error) bool
	}{
		{"server error", &iproto.Call{Function: "no_such_function"}, func(err error) bool { return errors.Is(err, iproto.ErNoSuchProc) }},
		{"request timeout", &iproto.Call{Function: "sleep_echo", Args: []any{0.5}}, func(err error) bool {
			var te *engine.TimeoutError
			return errors.As(err, &te)
		}},
		{"reply", &iproto.Call{Function: "echo", Args: []any{1}}, func(err error) bool { return err == nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check := engine.ArmOnRecycle(time.Hour)
			resp, err := c.Do(context.Background(), tc.req)
			if !tc.check(err) {
				t.Errorf("got %v", err)
			}
			resp.Release()
			recycled, armed := check()
			if !recycled {
				t.Fatal("the request's state did not go back to the pool")
			}
			if !armed {
				t.Error("the request stopped its timer after its state went back to the pool: that stops the timeout of the request using the state next")
			}
		})
	}
}
