package box

import (
	"fmt"
	"strconv"

	"github.com/tntsql/tarantool/internal/mask"
)

// Every box type that holds a connection prints as a short description
// with the password masked, whatever the fmt verb: without a Format
// method, a verb a pointer does not take (%s, %q …) makes fmt print the
// struct behind it, down to the *engine.Config and its password.

// String describes the connection by its configuration, password masked.
func (c *Conn) String() string {
	if c == nil {
		return "box.Conn(nil)"
	}
	return "box.Conn(" + c.cfg.String() + ")"
}

// Format prints the Conn as String does for every verb, so that no form
// (%v, %+v, %#v, %s, %q, %d …) shows the password.
func (c *Conn) Format(f fmt.State, verb rune) { mask.Format(f, verb, c.String()) }

// String describes the stream by its id and connection, password masked.
func (s *Stream) String() string {
	if s == nil {
		return "box.Stream(nil)"
	}
	return "box.Stream(" + strconv.FormatUint(s.stream, 10) + " on " + s.c.String() + ")"
}

// Format prints the Stream as String does for every verb.
func (s *Stream) Format(f fmt.State, verb rune) { mask.Format(f, verb, s.String()) }

// String describes the watcher by its key and connection, password masked.
func (w *Watcher) String() string {
	if w == nil {
		return "box.Watcher(nil)"
	}
	return "box.Watcher(" + strconv.Quote(w.key) + " on " + w.c.String() + ")"
}

// Format prints the Watcher as String does for every verb.
func (w *Watcher) Format(f fmt.State, verb rune) { mask.Format(f, verb, w.String()) }

// String describes the statement by its SQL text.
func (p *Prepared) String() string {
	if p == nil {
		return "box.Prepared(nil)"
	}
	return "box.Prepared(" + strconv.Quote(p.sql) + ")"
}

// Format prints the Prepared as String does for every verb.
func (p *Prepared) Format(f fmt.State, verb rune) { mask.Format(f, verb, p.String()) }

// Format prints a Result as "box.Result" for every verb: its fields are
// the request's internals, and reach the connection's configuration.
func (res Result) Format(f fmt.State, verb rune) { mask.Format(f, verb, "box.Result") }
