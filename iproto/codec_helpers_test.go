package iproto_test

import (
	"fmt"
	"testing"

	"github.com/tntsql/tarantool/internal/wirenote"
)

// wire is wirenote.Parse, short for the tables that use it on every line.
var wire = wirenote.Parse

// mustNotPanic runs f and turns a panic into a test failure.
func mustNotPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panicked: %v", what, r)
		}
	}()
	f()
}

// hexOf formats b as space-separated hex, for failure messages.
func hexOf(b []byte) string {
	return fmt.Sprintf("% x", b)
}
