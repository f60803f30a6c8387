package engine

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tntsql/tarantool/iproto"
)

// DSN schemes.
const (
	schemeTCP  = "tarantool://"
	schemeUnix = "tarantool+unix://"
)

// ParseDSN parses a data source name:
//
//	tarantool://[user[:password]@]host[:port][,host[:port]...][?param=value&...]
//	tarantool+unix://[user[:password]@]/path/to/socket[,/path...][?param=value&...]
//
// Several hosts name the instances of a replica set, tried in order (see
// Dial and target_session_attrs).
// User, password, host and path may be percent-encoded; IPv6 hosts go in
// brackets. The port defaults to 3301. Parameters (defaults in Config):
//
//	connect_timeout    duration ("500ms", "5s")
//	request_timeout    duration
//	max_reply_size     bytes, integer
//	sql_full_metadata  bool
//	sql_seq_scan       bool
//	txn_isolation      default | read_committed | read_confirmed | best_effort | linearizable
//	txn_timeout        duration
//	sockets            integer (database/sql only)
//	statement_cache_capacity integer
//	lower_column_names bool (database/sql only)
//	fetch_schema       bool (box only)
//	reconnect_delay    duration (box only)
//	max_reconnects     integer (box only)
//	keepalive          duration (box only)
//	target_session_attrs any | read-write | read-only | primary | standby | prefer-standby
//	load_balance_hosts random | disable
//	role_check_interval  duration
//
// sql.Open accepts the box-only parameters and ignores them, so that one
// DSN serves both (the pool replaces broken connections itself); box
// ignores the database/sql-only ones.
// An unknown, repeated or malformed parameter is an error naming it. No
// error message contains the password.
func ParseDSN(dsn string) (*Config, error) {
	c := NewConfig()
	var rest string
	switch {
	case strings.HasPrefix(dsn, schemeTCP):
		rest = dsn[len(schemeTCP):]
	case strings.HasPrefix(dsn, schemeUnix):
		c.Network = "unix"
		rest = dsn[len(schemeUnix):]
	default:
		return nil, fmt.Errorf("tarantool: DSN must start with %q or %q", schemeTCP, schemeUnix)
	}
	// The user info ends at the last '@', so that a password with an
	// unescaped '?' or '@' is never mistaken for parameters or the host.
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		userinfo := rest[:i]
		rest = rest[i+1:]
		user, pass, hasPass := strings.Cut(userinfo, ":")
		var err error
		if c.User, err = url.PathUnescape(user); err != nil {
			return nil, fmt.Errorf("tarantool: DSN user name is not valid percent-encoding")
		}
		if c.User == "" {
			return nil, fmt.Errorf("tarantool: DSN has '@' but an empty user name")
		}
		if hasPass {
			if c.Password, err = url.PathUnescape(pass); err != nil {
				return nil, fmt.Errorf("tarantool: DSN password is not valid percent-encoding")
			}
		}
	}
	rest, query, _ := strings.Cut(rest, "?")
	// Hosts are split before unescaping: a ',' in a socket path is %2C.
	hosts := strings.Split(rest, ",")
	for i, h := range hosts {
		addr, err := parseAddress(c.Network, h, len(hosts) > 1)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			c.Address = addr
		} else {
			c.FallbackAddresses = append(c.FallbackAddresses, addr)
		}
	}
	if err := parseParams(c, query); err != nil {
		return nil, err
	}
	return c, nil
}

// parseAddress parses one host of a DSN: host[:port] for tcp, a path for
// unix. inList says the DSN has several, for the error of an empty one.
func parseAddress(network, escaped string, inList bool) (string, error) {
	if escaped == "" && inList {
		return "", fmt.Errorf("tarantool: DSN has an empty host in its list (hosts are separated by ',')")
	}
	addr, err := url.PathUnescape(escaped)
	if err != nil {
		return "", fmt.Errorf("tarantool: DSN address is not valid percent-encoding")
	}
	if network == "unix" {
		if !strings.HasPrefix(addr, "/") {
			return "", fmt.Errorf("tarantool: DSN unix socket path must be absolute (start with '/')")
		}
		return addr, nil
	}
	return parseHostPort(addr)
}

func parseHostPort(addr string) (string, error) {
	if addr == "" {
		return "", fmt.Errorf("tarantool: DSN has no host")
	}
	if strings.ContainsAny(addr, "/ \t\r\n") {
		return "", fmt.Errorf("tarantool: DSN host contains '/' or white space")
	}
	host, port := addr, ""
	if i := strings.LastIndexByte(addr, ':'); i >= 0 && i > strings.LastIndexByte(addr, ']') {
		host, port = addr[:i], addr[i+1:]
	}
	if strings.HasPrefix(host, "[") != strings.HasSuffix(host, "]") {
		return "", fmt.Errorf("tarantool: DSN host has an unbalanced bracket")
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if host == "" || strings.ContainsAny(host, "[]") || (strings.Contains(host, ":") && net.ParseIP(host) == nil) {
		return "", fmt.Errorf("tarantool: DSN host is not a host name or IP address")
	}
	if port == "" {
		port = DefaultPort
	} else if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 || strconv.FormatUint(n, 10) != port {
		return "", fmt.Errorf("tarantool: DSN port is not a number from 1 to 65535 (a password goes after the user name, before '@')")
	}
	return net.JoinHostPort(host, port), nil
}

// dsnParam describes one DSN parameter: how to parse it into a Config and
// how to print it back when it differs from the default.
type dsnParam struct {
	name   string
	parse  func(c *Config, v string) error
	format func(c *Config) string // "" when the value is the default
}

var dsnParams = []dsnParam{
	durationParam("connect_timeout", func(c *Config) *time.Duration { return &c.ConnectTimeout }, DefaultConnectTimeout),
	durationParam("request_timeout", func(c *Config) *time.Duration { return &c.RequestTimeout }, 0),
	intParam("max_reply_size", func(c *Config) *int { return &c.MaxReplySize }, DefaultMaxReplySize),
	boolParam("sql_full_metadata", func(c *Config) *bool { return &c.DisableSQLFullMetadata }, true),
	{
		name: "sql_seq_scan",
		parse: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			c.SQLSeqScan = SettingOff
			if b {
				c.SQLSeqScan = SettingOn
			}
			return err
		},
		format: func(c *Config) string {
			if c.SQLSeqScan == SettingDefault {
				return ""
			}
			return c.SQLSeqScan.String()
		},
	},
	{
		name: "txn_isolation",
		parse: func(c *Config, v string) (err error) {
			c.TxnIsolation, err = iproto.ParseIsolation(v)
			return err
		},
		format: func(c *Config) string {
			if c.TxnIsolation == iproto.IsolationDefault {
				return ""
			}
			return c.TxnIsolation.String()
		},
	},
	durationParam("txn_timeout", func(c *Config) *time.Duration { return &c.TxnTimeout }, 0),
	intParam("sockets", func(c *Config) *int { return &c.Sockets }, 1),
	intParam("statement_cache_capacity", func(c *Config) *int { return &c.StatementCacheCapacity }, DefaultStatementCacheCapacity),
	boolParam("lower_column_names", func(c *Config) *bool { return &c.LowerColumnNames }, false),
	boolParam("fetch_schema", func(c *Config) *bool { return &c.DisableFetchSchema }, true),
	durationParam("reconnect_delay", func(c *Config) *time.Duration { return &c.ReconnectDelay }, 0),
	intParam("max_reconnects", func(c *Config) *int { return &c.MaxReconnects }, 0),
	durationParam("keepalive", func(c *Config) *time.Duration { return &c.KeepAlive }, 0),
	{
		name: "target_session_attrs",
		parse: func(c *Config, v string) (err error) {
			c.TargetSessionAttrs, err = ParseTargetSessionAttrs(v)
			return err
		},
		format: func(c *Config) string {
			if c.TargetSessionAttrs == TargetAny {
				return ""
			}
			return c.TargetSessionAttrs.String()
		},
	},
	{
		name: "load_balance_hosts",
		parse: func(c *Config, v string) error {
			switch v {
			case "random":
				c.LoadBalanceHosts = true
			case "disable":
				c.LoadBalanceHosts = false
			default:
				return fmt.Errorf("want random or disable")
			}
			return nil
		},
		format: func(c *Config) string {
			if c.LoadBalanceHosts {
				return "random"
			}
			return ""
		},
	},
	durationParam("role_check_interval", func(c *Config) *time.Duration { return &c.RoleCheckInterval }, DefaultRoleCheckInterval),
}

// The parameters below store a value equal to the parameter's default as
// the field's zero value, and a 0 that is not the default (connect_timeout=0:
// no limit) as -1, so that a Config's zero value means every default.

func durationParam(name string, field func(*Config) *time.Duration, def time.Duration) dsnParam {
	return dsnParam{
		name: name,
		parse: func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 {
				return fmt.Errorf("want a non-negative duration such as 500ms or 5s")
			}
			*field(c) = fieldValue(d, def)
			return nil
		},
		format: func(c *Config) string {
			switch d := *field(c); {
			case d == 0:
				return ""
			case d < 0:
				return "0s"
			default:
				return d.String()
			}
		},
	}
}

func intParam(name string, field func(*Config) *int, def int) dsnParam {
	return dsnParam{
		name: name,
		parse: func(c *Config, v string) error {
			n, err := strconv.ParseInt(v, 10, 0)
			if err != nil || n < 0 {
				return fmt.Errorf("want a non-negative integer")
			}
			*field(c) = fieldValue(int(n), def)
			return nil
		},
		format: func(c *Config) string {
			switch n := *field(c); {
			case n == 0:
				return ""
			case n < 0:
				return "0"
			default:
				return strconv.Itoa(n)
			}
		},
	}
}

// fieldValue is what a parameter's value v is stored as, def being the
// parameter's default: 0 for the default, -1 for a 0 that is not.
func fieldValue[T time.Duration | int](v, def T) T {
	switch {
	case v == def:
		return 0
	case v == 0:
		return -1
	}
	return v
}

// boolParam stores whether the parameter differs from its default def: a
// parameter that defaults to true sets a Disable field.
func boolParam(name string, field func(*Config) *bool, def bool) dsnParam {
	return dsnParam{
		name: name,
		parse: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("want true or false")
			}
			*field(c) = b != def
			return nil
		},
		format: func(c *Config) string {
			if *field(c) {
				return strconv.FormatBool(!def)
			}
			return ""
		},
	}
}

func parseParams(c *Config, query string) error {
	if query == "" {
		return nil
	}
	seen := map[string]bool{}
	for _, kv := range strings.Split(query, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			return fmt.Errorf("tarantool: DSN parameter name %q is not valid percent-encoding", k)
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return fmt.Errorf("tarantool: DSN parameter %q: value is not valid percent-encoding", name)
		}
		p := findParam(name)
		if p == nil {
			return fmt.Errorf("tarantool: unknown DSN parameter %q", name)
		}
		if seen[name] {
			return fmt.Errorf("tarantool: DSN parameter %q given twice", name)
		}
		seen[name] = true
		if err := p.parse(c, val); err != nil {
			return fmt.Errorf("tarantool: DSN parameter %s=%q: %v", name, val, err)
		}
	}
	return nil
}

func findParam(name string) *dsnParam {
	for i := range dsnParams {
		if dsnParams[i].name == name {
			return &dsnParams[i]
		}
	}
	return nil
}

// FormatDSN returns a DSN for c. ParseDSN turns it back into a Config equal
// to c whenever c could have come from ParseDSN (fuzzed); a Config built in
// code loses what a DSN cannot say: network tcp4/tcp6 become tcp, and a
// password without a user is dropped. Parameters at their default are left
// out.
func (c *Config) FormatDSN() string {
	var b strings.Builder
	if c.Network == "unix" {
		b.WriteString(schemeUnix)
	} else {
		b.WriteString(schemeTCP)
	}
	if c.User != "" {
		b.WriteString(escapeDSN(c.User))
		if c.Password != "" {
			b.WriteByte(':')
			b.WriteString(escapeDSN(c.Password))
		}
		b.WriteByte('@')
	}
	for i, a := range c.Addresses() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(escapeAddress(a))
	}
	sep := byte('?')
	for _, p := range dsnParams {
		if v := p.format(c); v != "" {
			b.WriteByte(sep)
			b.WriteString(p.name)
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
			sep = '&'
		}
	}
	return b.String()
}

// escapeDSN percent-encodes everything but unreserved characters.
func escapeDSN(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte("-._~", ch) >= 0 {
			b.WriteByte(ch)
		} else {
			fmt.Fprintf(&b, "%%%02X", ch)
		}
	}
	return b.String()
}

// escapeAddress keeps '/', ':' and brackets readable in an address.
func escapeAddress(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if strings.IndexByte("/:[]", ch) >= 0 {
			b.WriteByte(ch)
		} else {
			b.WriteString(escapeDSN(s[i : i+1]))
		}
	}
	return b.String()
}
