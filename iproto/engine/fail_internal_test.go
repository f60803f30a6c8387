package engine

import (
	"errors"
	"net"
	"runtime"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// TestErrBeforeRefusal stops fail half way, after it has begun refusing
// requests (werr set) and before it has closed Done: Err must report the
// failure already. A pool that asks Err whether to hand the connection
// out again would otherwise give a retry the socket that refused it.
func TestErrBeforeRefusal(t *testing.T) {
	client, server := net.Pipe()
	defer server.Close()
	c := newConn(NewConfig(), client)
	cause := errors.New("the cause")

	c.pmu.Lock() // fail waits here, with werr set
	failed := make(chan struct{})
	go func() {
		defer close(failed)
		c.fail(cause)
	}()
	for refused := false; !refused; runtime.Gosched() {
		c.wmu.Lock()
		refused = c.werr != nil
		c.wmu.Unlock()
	}
	select {
	case <-c.Done():
		t.Fatal("Done closed while fail waits for the pending table: the test checks nothing")
	default:
	}
	if err := c.Err(); err != cause {
		t.Errorf("Err while requests are refused: got %v, want %v", err, cause)
	}
	if err := c.post(&iproto.Watch{Key: "k"}); err == nil || !errors.Is(err, cause) {
		t.Errorf("Post while the connection fails: got %v, want a *ConnError wrapping %v", err, cause)
	}
	c.pmu.Unlock()
	<-failed
	if err := c.Err(); err != cause {
		t.Errorf("Err after fail: got %v, want %v", err, cause)
	}
}
