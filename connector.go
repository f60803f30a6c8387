package tarantool

import (
	"context"
	"database/sql/driver"
	"errors"

	"github.com/tntsql/tarantool/iproto"
)

// Connector opens connections from a Config; use it with sql.OpenDB.
type Connector struct {
	cfg *Config
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
	return &Connector{cfg: cfg.Clone()}, nil
}

// Connect opens one connection: dial, greeting, negotiation,
// authentication and session settings, bounded by ctx and ConnectTimeout.
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) {
	ic, err := iproto.Dial(ctx, c.cfg)
	if err != nil {
		return nil, err
	}
	return newConn(ic, c.cfg), nil
}

// Driver returns the package's Driver.
func (c *Connector) Driver() driver.Driver { return &Driver{} }

// String describes the Connector by its Config, password masked; without
// it fmt would print the Config's fields.
func (c *Connector) String() string { return "tarantool.Connector(" + c.cfg.String() + ")" }
