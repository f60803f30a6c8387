// Package mask prints values that hold a password (a Config, a connection)
// through their masked description, whatever the fmt verb.
package mask

import "fmt"

// Format writes s, a value's masked description, with the verb's flags and
// width: the body of a Format method for types that hold a Config. Every
// verb but %q prints as %s, so that none (%e, %t, %#v ...) makes fmt walk
// into the value's fields.
func Format(f fmt.State, verb rune, s string) {
	if verb != 's' && verb != 'v' && verb != 'q' {
		verb = 's'
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), s)
}
