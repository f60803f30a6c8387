package engine_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Releasing twice, or using a Future or Response after its end, must not
// touch the pooled state: by then it may carry another request (issue 17).

func echoCall(v any) *iproto.Call { return &iproto.Call{Function: "echo", Args: []any{v}} }

// wantEcho checks that resp is the reply to echoCall(v).
func wantEcho(t *testing.T, resp engine.Response, v any) {
	t.Helper()
	got, err := resp.DecodeData()
	if err != nil || !reflect.DeepEqual(got, []any{v}) {
		t.Errorf("got %v, %v, want [%v]", got, err, v)
	}
}

// wantReleased checks that every method of a released Response reports
// so rather than reading the state's current request.
func wantReleased(t *testing.T, r engine.Response) {
	t.Helper()
	if h := r.Header(); h != (iproto.Header{}) {
		t.Errorf("Header() of a released Response = %+v, want the zero Header", h)
	}
	if b := r.Body(); b != nil {
		t.Errorf("Body() of a released Response = % x, want nil", b)
	}
	var b iproto.Body
	if err := r.Parse(&b); !errors.Is(err, engine.ErrReleased) {
		t.Errorf("Parse of a released Response: got %v, want ErrReleased", err)
	}
	if v, err := r.DecodeData(); v != nil || !errors.Is(err, engine.ErrReleased) {
		t.Errorf("DecodeData of a released Response: got %v, %v, want ErrReleased", v, err)
	}
}

// echoMany runs echo requests from several goroutines and checks that each
// reply is its own request's; some release their Response twice, some
// give up on a Future before waiting, as callers may.
func echoMany(t *testing.T, c *engine.Conn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				v := fmt.Sprintf("g%d-%d", g, i)
				if i%5 == 4 {
					f, err := c.Send(echoCall("dropped"), nil)
					if err != nil {
						t.Error(err)
						return
					}
					f.Release()
					f.Release()
				}
				resp, err := c.Do(ctx, echoCall(v))
				if err != nil {
					t.Errorf("request %s: %v", v, err)
					return
				}
				wantEcho(t, resp, v)
				resp.Release()
				if i%2 == 0 {
					resp.Release()
				}
			}
		}()
	}
	wg.Wait()
}

// TestResponseReleaseTwice releases a Response twice, as a deferred
// Release after a helper that released it does, and uses a stale copy of
// it while the next request holds the pooled state: none of it reaches
// that request, and later requests get their own replies.
func TestResponseReleaseTwice(t *testing.T) {
	c := dial(t)
	ctx := context.Background()
	resp, err := c.Do(ctx, echoCall("first"))
	if err != nil {
		t.Fatal(err)
	}
	wantEcho(t, resp, "first")
	stale := resp
	resp.Release()
	resp.Release()
	wantReleased(t, stale)

	f, err := c.Send(echoCall("second"), nil) // likely on the same state
	if err != nil {
		t.Fatal(err)
	}
	stale.Release()
	wantReleased(t, stale)
	next, err := f.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stale.Release()
	wantReleased(t, stale)
	wantEcho(t, next, "second")
	next.Release()

	var zero engine.Response
	zero.Release()
	wantReleased(t, zero)
	echoMany(t, c)
}

// TestFutureEnds checks that Wait and Release each end a Future: a second
// Wait returns ErrReleased, a Release after Wait leaves the Response alone,
// and a Future released before Wait has its reply dropped.
func TestFutureEnds(t *testing.T) {
	c := dial(t)
	ctx := context.Background()
	send := func(v any) engine.Future {
		t.Helper()
		f, err := c.Send(echoCall(v), nil)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}

	t.Run("wait twice", func(t *testing.T) {
		f := send("once")
		resp, err := f.Wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r, err := f.Wait(ctx); !errors.Is(err, engine.ErrReleased) || r != (engine.Response{}) {
			t.Errorf("second Wait: got %v, %v, want the zero Response and ErrReleased", r, err)
		}
		f.Release()
		wantEcho(t, resp, "once")
		resp.Release()
	})
	t.Run("release before wait", func(t *testing.T) {
		f := send("dropped")
		f.Release()
		f.Release()
		if _, err := f.Wait(ctx); !errors.Is(err, engine.ErrReleased) {
			t.Errorf("Wait after Release: got %v, want ErrReleased", err)
		}
		resp, err := send("kept").Wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantEcho(t, resp, "kept")
		resp.Release()
	})
	t.Run("concurrent waits", func(t *testing.T) {
		f := send("shared")
		type got struct {
			resp engine.Response
			err  error
		}
		results := make(chan got, 2)
		for i := 0; i < 2; i++ {
			go func() {
				resp, err := f.Wait(ctx)
				results <- got{resp, err}
			}()
		}
		a, b := <-results, <-results
		if a.err != nil {
			a, b = b, a
		}
		if a.err != nil || !errors.Is(b.err, engine.ErrReleased) {
			t.Fatalf("two Waits on one Future: got errors %v and %v, want nil and ErrReleased", a.err, b.err)
		}
		wantEcho(t, a.resp, "shared")
		a.resp.Release()
	})
	t.Run("zero Future", func(t *testing.T) {
		var f engine.Future
		f.Release()
		if _, err := f.Wait(ctx); !errors.Is(err, engine.ErrReleased) {
			t.Errorf("Wait on the zero Future: got %v, want ErrReleased", err)
		}
	})
	echoMany(t, c)
}
