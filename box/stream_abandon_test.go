package box_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto/engine"
)

// TestBeginAbandoned (2.10+): a Begin whose context ends after BEGIN was
// sent leaves no transaction open. A stream runs its requests in order,
// so a slow call put first holds the BEGIN back on the server until well
// after the Begin's deadline; the same stream then begins again, which
// the server refuses with ER_ACTIVE_TRANSACTION if the abandoned BEGIN
// opened a transaction that nothing ended.
func TestBeginAbandoned(t *testing.T) {
	s := tnttest.RequireMVCC(t)
	ctx := context.Background()
	c := connect(t, s, "")
	for _, viaTimeout := range []bool{false, true} {
		name := "context"
		if viaTimeout {
			name = "request_timeout"
			c = connect(t, s, "request_timeout=50ms")
		}
		t.Run(name, func(t *testing.T) {
			// Calls with a deadline of their own are not bounded by
			// request_timeout.
			long, cancelLong := context.WithTimeout(ctx, time.Minute)
			defer cancelLong()
			st, err := c.NewStream(long)
			if err != nil {
				t.Fatal(err)
			}
			slow := st.Call(long, "sleep_echo", 0.5, "held") // runs before the BEGIN
			bctx := ctx
			if !viaTimeout {
				var cancel context.CancelFunc
				bctx, cancel = context.WithTimeout(ctx, 50*time.Millisecond)
				defer cancel()
			}
			err = st.Begin(bctx, nil)
			var te *engine.TimeoutError
			switch {
			case viaTimeout && !errors.As(err, &te):
				t.Fatalf("Begin: got %v, want a *engine.TimeoutError", err)
			case !viaTimeout && !errors.Is(err, context.DeadlineExceeded):
				t.Fatalf("Begin: got %v, want context.DeadlineExceeded", err)
			}
			var echoed string
			if err := slow.Decode(&echoed); err != nil || echoed != "held" {
				t.Fatalf("the slow call: got %q %v", echoed, err)
			}
			// Runs after the abandoned BEGIN and the ROLLBACK that ends it.
			if err := st.Begin(long, &box.TxOptions{Timeout: time.Minute}); err != nil {
				t.Fatalf("Begin again on the stream: %v (the abandoned BEGIN left a transaction open)", err)
			}
			if err := st.Rollback(long); err != nil {
				t.Fatal(err)
			}
		})
	}
}
