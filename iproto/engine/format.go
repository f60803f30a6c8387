package engine

import (
	"fmt"

	"github.com/tntsql/tarantool/internal/mask"
)

// Format prints the connection as String does for every verb, so that no
// verb (%e, %t, %#v ...) makes fmt walk into the Config and its password.
func (c *Conn) Format(f fmt.State, verb rune) { mask.Format(f, verb, c.String()) }
