package tarantool

import (
	"fmt"

	"github.com/tntsql/tarantool/internal/mask"
)

// Format prints the connection as String does for every verb, password
// masked.
func (c *Conn) Format(f fmt.State, verb rune) { mask.Format(f, verb, c.String()) }

// Format prints the Connector as String does for every verb, password
// masked.
func (c *Connector) Format(f fmt.State, verb rune) { mask.Format(f, verb, c.String()) }
