package engine

import (
	"errors"
	"fmt"

	"github.com/tntsql/tarantool/iproto"
)

// ErrUnsupported is matched by every *UnsupportedError.
var ErrUnsupported = errors.New("tarantool: the server's version lacks the feature")

// UnsupportedError reports a feature the server's version does not have,
// refused before anything was sent: streams, transactions and watchers
// before 2.10, pagination and the linearizable isolation level before
// 2.11 ... Its fields are comparable, so that errors.Is can match one
// value.
type UnsupportedError struct {
	Feature string         // what was asked for: "streams", "watchers" ...
	Need    iproto.Version // the first version that has it
	Server  iproto.Version // the server's version
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("tarantool: %s: needs Tarantool %v or later; the server is %v", e.Feature, e.Need, e.Server)
}

// Is makes errors.Is(err, ErrUnsupported) true.
func (e *UnsupportedError) Is(target error) bool { return target == ErrUnsupported }
