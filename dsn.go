package tarantool

import "github.com/tntsql/tarantool/iproto/engine"

// Config is a connection's configuration, shared with package box: one DSN
// serves both. See engine.Config for every field and its default.
type Config = engine.Config

// NewConfig returns a Config with the defaults set.
func NewConfig() *Config { return engine.NewConfig() }

// ParseDSN parses a DSN such as
//
//	tarantool://user:password@localhost:3301?connect_timeout=2s
//	tarantool+unix://user:password@/var/run/tarantool.sock
//
// (the parameters are listed at engine.ParseDSN). An unknown or malformed
// parameter is an error naming it; the password never appears in errors or
// in Config.String.
func ParseDSN(dsn string) (*Config, error) { return engine.ParseDSN(dsn) }
