// Package sqlsession holds what the SQL driver and box both do on an engine
// connection around statements and transactions: rolling back a stream
// whose BEGIN was abandoned, and telling a prepared statement the server
// dropped after DDL from the statement's own error.
package sqlsession

import (
	"errors"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// RollbackAbandoned ends the transaction a BEGIN may have opened in stream
// when its caller stopped waiting for the reply (a context or
// RequestTimeout): the server would keep it open as long as the connection
// lives. The ROLLBACK runs after the BEGIN in the stream's order; its reply
// is dropped. err is what waiting for the BEGIN returned: nothing is sent
// when the connection failed (the server rolls back by itself) or the
// server answered with an error (no transaction was begun).
func RollbackAbandoned(c *engine.Conn, stream uint64, err error) {
	var ce *engine.ConnError
	var se *iproto.Error
	if errors.As(err, &ce) || errors.As(err, &se) {
		return
	}
	if f, err := c.Send(iproto.Rollback{}, &engine.CallOptions{StreamID: stream}); err == nil {
		f.Release() // the reader drops the reply
	}
}

// PreparedExpired reports whether err, from an EXECUTE of a statement
// prepared at schema version preparedAt, says the server dropped the
// statement after DDL: an SQL error or an unknown statement id while the
// schema version has moved since. Preparing it again and retrying once is
// then right; any other error is the statement's own.
func PreparedExpired(c *engine.Conn, err error, preparedAt uint64) bool {
	var e *iproto.Error
	return errors.As(err, &e) && (e.Code == iproto.ErSQLExecute || e.Code == iproto.ErWrongQueryID) &&
		c.SchemaVersion() != preparedAt
}
