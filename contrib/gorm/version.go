package tntgorm

import (
	"context"
	"database/sql"

	"github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/iproto"
)

// versionDatetime is the first server with DATETIME, DECIMAL and UUID in
// SQL and with interactive transactions.
var versionDatetime = iproto.MakeVersion(2, 10, 0)

// connOpener is what *sql.DB offers to reach one connection.
type connOpener interface {
	Conn(ctx context.Context) (*sql.Conn, error)
}

// serverVersion asks one connection of p for the server's version: 0 when
// p is not a pool of the tarantool driver (a mock, a wrapper).
func serverVersion(ctx context.Context, p any) (iproto.Version, error) {
	o, ok := p.(connOpener)
	if !ok {
		return 0, nil
	}
	conn, err := o.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var v iproto.Version
	err = conn.Raw(func(dc any) error {
		if c, ok := dc.(*tarantool.Conn); ok {
			v = c.ServerVersion()
		}
		return nil
	})
	return v, err
}

// atLeast reports whether the server is v or newer; an unknown version
// (0) counts as the newest.
func (d *Dialector) atLeast(v iproto.Version) bool {
	return d.version == 0 || d.version >= v
}
