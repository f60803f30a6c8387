package tarantool

import (
	"database/sql/driver"
	"errors"
)

// SafeToRetry reports whether err says that the request certainly did not
// run, so that sending it again cannot apply it twice: driver.ErrBadConn
// (which database/sql retries itself), a *engine.ConnError whose request
// was not sent, a *engine.DialError (no connection, no request). A
// context error, a timeout, ErrCommitUnknown or a server error give
// false: the request may have run, or ran and failed. Inside a
// transaction the statement itself did not run, but the transaction is
// lost all the same: retry the whole transaction, not the statement.
//
//	for attempt := 0; ; attempt++ {
//		_, err = db.ExecContext(ctx, q, args...)
//		if err == nil || attempt == 2 || !tarantool.SafeToRetry(err) {
//			break
//		}
//	}
func SafeToRetry(err error) bool {
	if errors.Is(err, driver.ErrBadConn) {
		return true
	}
	var r interface{ SafeToRetry() bool }
	return errors.As(err, &r) && r.SafeToRetry()
}
