package tnttest

import (
	"strings"

	"github.com/tntsql/tarantool/iproto"
)

// Version3 is the first Tarantool version that keeps the case of unquoted
// SQL names and makes SQL a privilege.
var Version3 = iproto.MakeVersion(3, 0, 0)

// SQLName returns the name an unquoted SQL identifier written as name
// gets on a server at version v: upper-cased before 3.0, as written from
// 3.0 on.
func SQLName(v iproto.Version, name string) string {
	if v < Version3 {
		return strings.ToUpper(name)
	}
	return name
}

// SQLNeedsGrant reports whether a user needs the 'execute' privilege on
// 'sql' to run SQL on a server at version v (3.0 on).
func SQLNeedsGrant(v iproto.Version) bool { return v >= Version3 }
