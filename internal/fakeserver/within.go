package fakeserver

import (
	"testing"
	"time"
)

// HangLimit is how much longer than its configured timeout a failing call
// may take before a test calls it a hang.
const HangLimit = 3 * time.Second

// Within runs f and fails the test if it has not returned after d.
func Within(t testing.TB, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s hangs: no return within %v", what, d)
	}
}
