package box_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// verbs are the fmt forms a value can be printed with; those a pointer
// does not take (%s, %q, %e …) used to print the struct behind it, down
// to the configuration and its password.
var verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%e", "%t", "%10.3s", "%T"}

// TestPasswordNeverPrinted prints every box value that holds a
// connection with every verb, by pointer and inside a struct: the
// password never appears, and the connection's description does.
func TestPasswordNeverPrinted(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()
	c := connect(t, s, "reconnect_delay=1s")
	if !strings.Contains(s.DSN(""), tnttest.Password) {
		t.Fatalf("the test DSN %q holds no password: nothing to check", s.DSN(""))
	}
	p, err := c.Prepare(ctx, "SELECT 1")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	res := c.Call(ctx, "echo", 1)
	defer res.Release()
	values := map[string]any{
		"Conn":     c,
		"Prepared": p,
		"Result":   res,
		"Stream":   &box.Stream{},
		"struct":   struct{ C *box.Conn }{c},
	}
	if s.Version >= v210 {
		st, err := c.NewStream(ctx)
		if err != nil {
			t.Fatal(err)
		}
		values["Stream"] = st
		w, err := c.Watch(ctx, "box.status", func(string, any) {})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Unwatch()
		values["Watcher"] = w
	}
	for name, v := range values {
		for _, verb := range verbs {
			got := fmt.Sprintf(verb, v)
			if strings.Contains(got, tnttest.Password) {
				t.Errorf("%s printed with %s shows the password: %s", name, verb, got)
			}
		}
	}
	if got, want := c.String(), "box.Conn(tarantool://"+tnttest.User+":xxxxx@"; !strings.HasPrefix(got, want) {
		t.Errorf("Conn.String() = %q, want it to begin with %q", got, want)
	}
	if got := fmt.Sprint(c); got != c.String() {
		t.Errorf("fmt.Sprint(conn) = %q, want String's %q", got, c.String())
	}
}
