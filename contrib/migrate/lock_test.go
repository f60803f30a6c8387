package tntmigrate_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-migrate/migrate/v4/database"
	tntmigrate "github.com/tntsql/tarantool/contrib/migrate"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// newDriver returns a driver on a pool of its own.
func newDriver(t *testing.T, s *tnttest.Server, cfg tntmigrate.Config) *tntmigrate.Tarantool {
	t.Helper()
	d, err := tntmigrate.WithInstance(openDB(t, s), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	return d.(*tntmigrate.Tarantool)
}

func TestLockExcludesAnotherMigrator(t *testing.T) {
	s := tnttest.Require(t)
	cfg := tntmigrate.Config{MigrationsTable: "lock_test_versions", LockTimeout: 200 * time.Millisecond}
	first, second := newDriver(t, s, cfg), newDriver(t, s, cfg)
	if err := first.Lock(); err != nil {
		t.Fatal(err)
	}
	// The second migrator waits LockTimeout, then gives up naming the holder.
	start := time.Now()
	err := second.Lock()
	if !errors.Is(err, database.ErrLocked) {
		t.Fatalf("second Lock while the first holds it: %v, want ErrLocked", err)
	}
	if waited := time.Since(start); waited < 100*time.Millisecond {
		t.Errorf("second Lock gave up after %v, before LockTimeout", waited)
	}
	if !strings.Contains(err.Error(), "pid") {
		t.Errorf("error %q does not name the holder", err)
	}
	if err := second.Unlock(); !errors.Is(err, database.ErrNotLocked) {
		t.Errorf("Unlock without the lock: %v, want ErrNotLocked", err)
	}

	// A Lock that waits long enough gets the lock once the first unlocks.
	patient := newDriver(t, s, tntmigrate.Config{MigrationsTable: cfg.MigrationsTable, LockTimeout: 20 * time.Second})
	got := make(chan error, 1)
	go func() { got <- patient.Lock() }()
	select {
	case err := <-got:
		t.Fatalf("Lock returned (%v) while another migrator held the lock", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := first.Unlock(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Lock still waits after the holder unlocked")
	}
	if err := first.Lock(); !errors.Is(err, database.ErrLocked) {
		t.Fatalf("first Lock again while the other holds it: %v, want ErrLocked", err)
	}
	if err := patient.Unlock(); err != nil {
		t.Fatal(err)
	}
}

func TestLockLeftByDeadHolder(t *testing.T) {
	s := tnttest.Require(t)
	cfg := tntmigrate.Config{MigrationsTable: "dead_holder_versions", LockTimeout: 100 * time.Millisecond}
	dead := newDriver(t, s, cfg)
	if err := dead.Lock(); err != nil {
		t.Fatal(err)
	}
	// The holder vanishes without Unlock (its process died): the row stays.
	dead.Close()
	next := newDriver(t, s, cfg)
	if err := next.Lock(); !errors.Is(err, database.ErrLocked) {
		t.Fatalf("Lock after the holder died: %v, want ErrLocked", err)
	}
	if err := next.ForceUnlock(); err != nil {
		t.Fatal(err)
	}
	if err := next.Lock(); err != nil {
		t.Fatalf("Lock after ForceUnlock: %v", err)
	}
	// The dead holder's Unlock, had it come, would not release next's lock.
	if err := dead.Unlock(); err == nil || errors.Is(err, database.ErrNotLocked) {
		t.Fatalf("Unlock of a lock taken over: %v, want an error saying so", err)
	}
	if err := next.Unlock(); err != nil {
		t.Fatal(err)
	}
}
