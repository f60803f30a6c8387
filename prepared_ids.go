package tarantool

import (
	"github.com/tntsql/tarantool/iproto"
)

// The server's prepared statement ids are a 32-bit hash of the text, and
// a colliding text gets another's statement: internal/sqlsession keeps the
// process's record of the ids held; preparedFits checks what a reply says.

// preparedFits reports whether a PREPARE reply fits the text it was asked
// for, as far as the reply tells: result columns for a query, none for a
// data change, and the count of '?' parameters.
func preparedFits(p *sqlParams, b *iproto.Body) bool {
	switch p.keyword {
	case "SELECT", "VALUES":
		if b.Metadata == nil {
			return false
		}
	case "INSERT", "UPDATE", "DELETE", "REPLACE":
		if b.Metadata != nil {
			return false
		}
	}
	if p.numbered == 0 && len(p.named) == 0 && b.BindCount != uint64(p.positional) {
		return false
	}
	return true
}
