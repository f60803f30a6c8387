package engine

import "fmt"

// Format prints the connection as String does for every verb, so that no
// verb (%e, %t, %#v ...) makes fmt walk into the Config and its password.
func (c *Conn) Format(f fmt.State, verb rune) { FormatMasked(f, verb, c.String()) }

// FormatMasked writes s, a value's masked description, with the verb's
// flags and width: a Format method for types that hold a Config.
func FormatMasked(f fmt.State, verb rune, s string) {
	if verb != 's' && verb != 'v' && verb != 'q' {
		verb = 's'
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), s)
}
