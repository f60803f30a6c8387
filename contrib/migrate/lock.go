package tntmigrate

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/golang-migrate/migrate/v4/database"
	"github.com/tntsql/tarantool/iproto"
)

// Lock takes the migration lock: it inserts the row id 1 into the lock
// table, which the primary key lets only one migrator hold. While another
// holds it, Lock retries until Config.LockTimeout and then returns an
// error that matches database.ErrLocked and names the holder. A second
// Lock on the same driver fails at once with database.ErrLocked.
func (d *Tarantool) Lock() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.holder != "" {
		return database.ErrLocked
	}
	holder := newHolder()
	query := "INSERT INTO " + d.cfg.LockTable + " (id, holder, since) VALUES (1, ?, ?)"
	deadline := time.Now().Add(d.cfg.LockTimeout)
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 500*time.Millisecond) {
		_, err := d.exec(query, holder, time.Now().UTC().Format(time.RFC3339Nano))
		if err == nil {
			d.holder = holder
			return nil
		}
		if !errors.Is(err, iproto.ErTupleFound) {
			return database.Error{OrigErr: err, Query: []byte(query), Err: "taking the lock"}
		}
		if time.Now().Add(wait).After(deadline) {
			return d.lockedError()
		}
		time.Sleep(wait)
	}
}

// lockedError is Lock's error when another migrator held the lock for
// all of LockTimeout.
func (d *Tarantool) lockedError() error {
	var holder, since string
	ctx, cancel := d.context()
	defer cancel()
	err := d.db.QueryRowContext(ctx, "SELECT holder, since FROM "+d.cfg.LockTable+" WHERE id = 1").Scan(&holder, &since)
	if err != nil {
		// Released in the meantime, or unreadable: say what is known.
		return fmt.Errorf("%w: another migrator held %s for %v", database.ErrLocked, d.cfg.LockTable, d.cfg.LockTimeout)
	}
	return fmt.Errorf("%w: %s is held by %s since %s (waited %v; if that process is gone, ForceUnlock or DELETE FROM %s WHERE id = 1)",
		database.ErrLocked, d.cfg.LockTable, holder, since, d.cfg.LockTimeout, d.cfg.LockTable)
}

// Unlock releases the lock this driver holds: it deletes the lock row it
// inserted. Without the lock it returns database.ErrNotLocked; when the
// row is no longer this driver's (ForceUnlock, or a hand-made DELETE,
// while it held it) it returns an error saying so, and the driver no
// longer holds the lock.
func (d *Tarantool) Unlock() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.holder == "" {
		return database.ErrNotLocked
	}
	query := "DELETE FROM " + d.cfg.LockTable + " WHERE id = 1 AND holder = ?"
	res, err := d.exec(query, d.holder)
	if err != nil {
		return database.Error{OrigErr: err, Query: []byte(query), Err: "releasing the lock"}
	}
	d.holder = ""
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("tntmigrate: the lock row in %s was removed or taken over while this migrator held it", d.cfg.LockTable)
	}
	return nil
}

// ForceUnlock removes the lock row whoever holds it: for a lock left by
// a migrator that died holding it. Make sure that migrator is gone
// first: a live one loses its lock.
func (d *Tarantool) ForceUnlock() error {
	query := "DELETE FROM " + d.cfg.LockTable + " WHERE id = 1"
	if _, err := d.exec(query); err != nil {
		return database.Error{OrigErr: err, Query: []byte(query), Err: "removing the lock"}
	}
	return nil
}

// newHolder returns a lock holder's name: host, process id and a random
// part that tells two drivers of one process apart.
func newHolder() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown-host"
	}
	var b [6]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s pid %d (%s)", host, os.Getpid(), hex.EncodeToString(b[:]))
}
