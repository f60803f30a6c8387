package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// gate is a server-side gate (the harness's gate_wait and gate_open)
// named for its test: a request calling gate_wait blocks until the test
// opens it, so that tests order events instead of sleeping.
type gate struct {
	t    *testing.T
	name string
	ctl  *engine.Conn // a connection of the gate's own, for control
}

var gateSeq int

func newGate(t *testing.T) *gate {
	t.Helper()
	gateSeq++
	g := &gate{t: t, name: fmt.Sprintf("%s-%d", strings.ReplaceAll(t.Name(), "/", "_"), gateSeq), ctl: dial(t)}
	// A request the test failed to interrupt is not left blocked for
	// ever: the gate opens by itself after gateLimit, and the request
	// then ends with the reply the test did not want.
	watchdog := time.AfterFunc(gateLimit, func() { g.openGate() })
	t.Cleanup(func() {
		watchdog.Stop()
		g.openGate() // never leave a request blocked on the server
	})
	return g
}

// gateLimit is how long a gate stays shut at most.
const gateLimit = 30 * time.Second

// call is a request that blocks at the gate, then returns args.
func (g *gate) call(args ...any) *iproto.Call {
	return &iproto.Call{Function: "gate_wait", Args: append([]any{g.name}, args...)}
}

// awaitWaiting polls until n requests are blocked at the gate: they have
// reached the server and will not be answered before the gate opens. It
// may run on any goroutine: a failure is reported with Errorf.
func (g *gate) awaitWaiting(n int) {
	deadline := time.Now().Add(gateLimit)
	for {
		got, err := g.ctlCall("gate_waiting")
		if err == nil && len(got) == 1 && fmt.Sprint(got[0]) == fmt.Sprint(n) {
			return
		}
		if err != nil || time.Now().After(deadline) {
			g.t.Errorf("gate %s: %v requests waiting (%v), want %d", g.name, got, err, n)
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// open lets the blocked requests reply; it returns once they have all
// woken, so their replies are on their way.
func (g *gate) open() {
	g.t.Helper()
	if err := g.openGate(); err != nil {
		g.t.Fatal(err)
	}
}

func (g *gate) openGate() error {
	_, err := g.ctlCall("gate_open")
	return err
}

func (g *gate) ctlCall(fn string) ([]any, error) {
	resp, err := g.ctl.Do(context.Background(), &iproto.Call{Function: fn, Args: []any{g.name}})
	if err != nil {
		return nil, err
	}
	defer resp.Release()
	return resp.DecodeData()
}
