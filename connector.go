package tarantool

import (
	"context"
	"database/sql/driver"
	"errors"

	"github.com/tntsql/tarantool/iproto/engine"
)

// Connector opens connections from a Config; use it with sql.OpenDB.
type Connector struct {
	cfg     *Config
	shared  *sessions // nil when Config.Sockets is negative
	sockets socketSet // every socket dialed, for Stats
}

// NewConnector returns a Connector for cfg, which it copies.
//
//	cfg := tarantool.NewConfig()
//	cfg.Address, cfg.User, cfg.Password = "127.0.0.1:3301", "app", pw
//	connector, err := tarantool.NewConnector(cfg)
//	db := sql.OpenDB(connector)
func NewConnector(cfg *Config) (*Connector, error) {
	if cfg == nil || cfg.Address == "" {
		return nil, errors.New("tarantool: Config has no Address")
	}
	c := &Connector{cfg: cfg.Clone()}
	switch n := cfg.Sockets; {
	case n == 0:
		c.shared = &sessions{slots: make([]*session, 1)} // the default
	case n > 0:
		c.shared = &sessions{slots: make([]*session, n)}
	}
	return c, nil
}

// Connect opens one connection: a session on one of the Connector's shared
// sockets (Config.Sockets), dialing it when it is not open, or a socket of
// its own with a negative Sockets. Dialing covers the greeting, negotiation,
// authentication and session settings, bounded by ctx and ConnectTimeout.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	if c.shared != nil {
		s, err := c.shared.get(ctx, c.cfg, &c.sockets)
		if err != nil {
			return nil, err
		}
		return newConn(s, c.cfg), nil
	}
	ic, err := engine.Dial(ctx, c.cfg)
	if err != nil {
		return nil, err
	}
	c.sockets.add(ic)
	return newConn(newSession(ic, c.cfg), c.cfg), nil
}

// Driver returns the package's Driver.
func (c *Connector) Driver() driver.Driver { return &Driver{} }

// String describes the Connector by its Config, password masked; without
// it fmt would print the Config's fields.
func (c *Connector) String() string { return "tarantool.Connector(" + c.cfg.String() + ")" }
