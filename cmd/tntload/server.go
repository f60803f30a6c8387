package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// setupLua creates the space, SQL table and function the rows use.
//
//go:embed setup.lua
var setupLua string

// teardownLua removes them from a server tntload did not start.
const teardownLua = `local space, tbl, fn = ...
if box.space[space] then box.space[space]:drop() end
if box.space[tbl] then box.execute('DROP TABLE ' .. tbl) end
rawset(_G, fn, nil)`

// server is the Tarantool under load: one tntload started, or one the
// command line named.
type server struct {
	cfg     *engine.Config
	private *tnttest.Server // nil when the server is not ours
	walMode string          // box.cfg.wal_mode, after setup
	version string          // box.info.version, after setup
}

// openServer starts a private server with wal_mode='none', or checks
// that the one c names is on loopback.
func openServer(ctx context.Context, c *config) (*server, error) {
	switch {
	case c.dsn != "":
		cfg, err := engine.ParseDSN(c.dsn)
		if err != nil {
			return nil, fmt.Errorf("-dsn: %w", err)
		}
		return &server{cfg: cfg}, checkLoopback(ctx, cfg)
	case c.addr != "":
		cfg := engine.NewConfig()
		cfg.Address, cfg.User, cfg.Password = c.addr, c.user, c.password
		// A round trip through the DSN parser checks the address and adds
		// the default port.
		cfg, err := engine.ParseDSN(cfg.FormatDSN())
		if err != nil {
			return nil, fmt.Errorf("-addr: %w", err)
		}
		return &server{cfg: cfg}, checkLoopback(ctx, cfg)
	}
	s, err := tnttest.Start(tnttest.Options{WALMode: "none"})
	if err != nil {
		return nil, err
	}
	return &server{cfg: s.Config(), private: s}, nil
}

// dsn returns the server's DSN, with its password.
func (s *server) dsn() string { return s.cfg.FormatDSN() }

// where describes the server for the table's heading.
func (s *server) where() string {
	if s.private != nil {
		return fmt.Sprintf("%s (started by tntload from %s)", s.cfg.Address, s.private.Bin)
	}
	return s.cfg.Address
}

// checkLoopback refuses a server that is not on this machine's loopback:
// the tool must never load a shared or remote server.
func checkLoopback(ctx context.Context, cfg *engine.Config) error {
	if cfg.Network == "unix" {
		return nil
	}
	host, _, err := net.SplitHostPort(cfg.Address)
	if err != nil {
		return err
	}
	var ips []net.IP
	if ip := net.ParseIP(host); ip != nil {
		ips = []net.IP{ip}
	} else {
		addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
		if err != nil {
			return fmt.Errorf("resolving %s: %w", host, err)
		}
		for _, a := range addrs {
			ips = append(ips, a.IP)
		}
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("%s is not a loopback address: tntload only loads a server on this machine's loopback", host)
		}
	}
	if len(ips) == 0 {
		return fmt.Errorf("%s has no address", host)
	}
	return nil
}

// setup creates the rows' objects with keys pre-filled keys.
func (s *server) setup(ctx context.Context, keys uint64) error {
	vals, err := s.eval(ctx, setupLua, keys, spaceName, sqlTable, callFunc)
	var serverErr *iproto.Error
	if errors.As(err, &serverErr) {
		return fmt.Errorf("setting up the server (the user needs rights to create spaces and functions): %w", err)
	}
	if err != nil {
		return err
	}
	if len(vals) != 2 {
		return fmt.Errorf("setup returned %d values, want 2", len(vals))
	}
	s.walMode, _ = vals[0].(string)
	s.version, _ = vals[1].(string)
	return nil
}

// close removes the rows' objects from a server that is not ours, and
// stops ours.
func (s *server) close(ctx context.Context) error {
	if s.private != nil {
		s.private.Stop()
		return nil
	}
	_, err := s.eval(ctx, teardownLua, spaceName, sqlTable, callFunc)
	return err
}

// eval runs Lua on a connection of its own.
func (s *server) eval(ctx context.Context, expr string, args ...any) ([]any, error) {
	c, err := engine.Dial(ctx, s.cfg)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	resp, err := c.Do(ctx, &iproto.Eval{Expr: expr, Args: args})
	if err != nil {
		return nil, err
	}
	defer resp.Release()
	return resp.DecodeData()
}
