package engine

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/tntsql/tarantool/iproto"
)

// Config describes a connection: where to connect, as whom, and the
// settings both the SQL driver and box honour. ParseDSN builds one from a
// DSN string and FormatDSN turns it back into one. The zero value of every
// field means its default, so a Config literal and NewConfig agree.
type Config struct {
	// Network is "tcp" (default) or "unix".
	Network string
	// Address is host:port for tcp (port defaults to 3301) or the socket
	// path for unix: the instance, or the first of a replica set's.
	Address string
	// FallbackAddresses are the replica set's other instances, tried
	// after Address in order (a DSN's further hosts: h1:3301,h2:3302).
	FallbackAddresses []string
	// TargetSessionAttrs is the role the instance must have: Dial tries
	// the addresses until one has it, and the connection then follows
	// the role (Conn.Role). Default TargetAny: the first instance that
	// answers, its role not followed.
	TargetSessionAttrs TargetSessionAttrs
	// FollowRole makes a connection follow its instance's role (Conn.Role,
	// RoleTracer) with any TargetSessionAttrs, TargetAny included: box's
	// Pool routes requests by it. Not part of a DSN.
	FollowRole bool
	// LoadBalanceHosts makes Dial try the addresses in a random order
	// (load_balance_hosts=random), spreading connections over the
	// instances that suit; default false: in the order given.
	LoadBalanceHosts bool
	// RoleCheckInterval is how often a connection that follows its
	// instance's role asks a server before 2.10 for box.info.ro (2.10+
	// pushes changes). 0 means the default, 1s.
	RoleCheckInterval time.Duration
	// User to authenticate as; empty means guest, without authentication.
	User string
	// Password of User (chap-sha1). Never printed by String or in errors.
	Password string

	// ConnectTimeout bounds dialing, the greeting, negotiation and
	// authentication. 0 means the default, 5s; a negative value means no
	// limit but the context's (connect_timeout=0 in a DSN).
	ConnectTimeout time.Duration
	// RequestTimeout applies to a request whose context has no deadline.
	// It also bounds a pause in the middle of a reply: once a reply has
	// begun, the rest must keep coming within it, or the connection fails
	// with a *StallError. Default 0: none.
	RequestTimeout time.Duration
	// MaxReplySize is the largest reply the client buffers. A larger one
	// fails its own request with a *ReplyTooLargeError: its frame is
	// skipped unbuffered, and the connection serves every other request
	// on. 0 means the default, 256 MiB; a negative value means the
	// protocol's limit of 2 GiB (max_reply_size=0 in a DSN).
	MaxReplySize int

	// DisableSQLFullMetadata leaves the session setting sql_full_metadata
	// alone (sql_full_metadata=false in a DSN). By default the connection
	// turns it on, so that SQL results say whether each column is nullable.
	DisableSQLFullMetadata bool
	// SQLSeqScan sets the session setting sql_seq_scan (2.11+). Tarantool
	// 3.x refuses SQL full scans by default; SettingOn allows them. Default
	// SettingDefault: leave the server's setting.
	SQLSeqScan Setting

	// TxnIsolation is the isolation level of transactions begun with the
	// default level. Default IsolationDefault (the server's txn_isolation).
	TxnIsolation iproto.Isolation
	// TxnTimeout is the server-side timeout of a transaction; 0 (default)
	// leaves the server's txn_timeout.
	TxnTimeout time.Duration

	// Sockets is how many TCP connections the connections of one
	// database/sql pool share: the pool's connections are sessions
	// pipelined on them, so that concurrent queries are coalesced into few
	// writes, as box's are. 0 means the default, 1; a negative value gives
	// every pool connection a socket of its own (sockets=0 in a DSN).
	// Connections sharing a socket share the server
	// session: SET SESSION run through one applies to all (set session
	// options in the DSN instead).
	Sockets int
	// StatementCacheCapacity makes database/sql (per socket) and box's
	// Execute (per Conn) prepare the SQL texts they run more than once,
	// keeping up to this many prepared (least recently used evicted and
	// unprepared), and execute them by id: the server then skips parsing
	// them. 0 means the default, DefaultStatementCacheCapacity; a
	// negative value turns the cache off, every Exec and Query then
	// sending its text (statement_cache_capacity=0 in a DSN). What is
	// prepared is the text with its placeholders renamed to carry a
	// digest of it, so that a statement the server's 32-bit ids confuse
	// with another text's is never run in its place; texts without
	// parameters run as text (README, Statement cache).
	StatementCacheCapacity int
	// LowerColumnNames makes database/sql report result column names
	// that have no lower-case letter in lower case: Tarantool 2.x
	// upper-cases unquoted names (ID, NAME) where 3.x keeps them as
	// written (id, name), so with it sqlx's default mapper and ORMs see
	// the same names on both. A name with any lower-case letter (a quoted
	// "firstName") is left as it is; two columns that differ only in case
	// then read alike. Default false: names as the server sends them.
	LowerColumnNames bool

	// DisableFetchSchema makes box load the space and index definitions
	// when a request first names a space instead of on connect
	// (fetch_schema=false in a DSN).
	DisableFetchSchema bool
	// ReconnectDelay is how long box waits before reconnecting after the
	// connection breaks; 0 (default) means box does not reconnect.
	ReconnectDelay time.Duration
	// MaxReconnects bounds box's reconnect attempts in a row; 0 (default)
	// means no bound while ReconnectDelay is set.
	MaxReconnects int
	// KeepAlive is the interval at which box pings an idle connection to
	// notice a dead peer; 0 (default) means no pings.
	KeepAlive time.Duration

	// Tracer, when set, sees every request's start and end, and each
	// Dial and reconnection if it implements ConnectTracer and
	// ReconnectTracer (trace.go). Not part of a DSN. Default nil: no
	// tracing, at no cost.
	Tracer Tracer
}

// Defaults that the zero values of Config's fields stand for.
const (
	DefaultPort           = "3301"
	DefaultConnectTimeout = 5 * time.Second
	DefaultMaxReplySize   = 256 << 20
	// DefaultStatementCacheCapacity is the statement cache's capacity,
	// as pgx's.
	DefaultStatementCacheCapacity = 512
)

// NewConfig returns a Config with every default and no address: the same
// as a literal &Config{Network: "tcp"}.
func NewConfig() *Config {
	return &Config{Network: "tcp"}
}

// Setting is a session setting that may be left at the server's default.
type Setting int8

// Setting values.
const (
	SettingDefault Setting = iota // do not change the server's value
	SettingOn
	SettingOff
)

func (s Setting) String() string {
	switch s {
	case SettingOn:
		return "true"
	case SettingOff:
		return "false"
	}
	return "default"
}

// String describes the Config as a DSN with the password masked.
func (c Config) String() string {
	if c.Password != "" {
		c.Password = "xxxxx"
	}
	return c.FormatDSN()
}

// Format makes every fmt verb print the Config as String does, so that no
// form shows the password, whether the Config is printed by value or by
// pointer; %#v gives the fields as Go syntax with the password masked.
func (c Config) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		if c.Password != "" {
			c.Password = "xxxxx"
		}
		type fields Config // the same fields without the methods
		fmt.Fprint(f, "engine.Config"+strings.TrimPrefix(fmt.Sprintf("%#v", fields(c)), "engine.fields"))
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), c.String())
}

// Clone returns a copy of c.
func (c *Config) Clone() *Config {
	cc := *c
	cc.FallbackAddresses = append([]string(nil), c.FallbackAddresses...)
	return &cc
}

// Addresses returns Address and FallbackAddresses: every instance Dial
// may try, in the order given.
func (c *Config) Addresses() []string {
	return append([]string{c.Address}, c.FallbackAddresses...)
}

// maxPacketInt is the protocol's packet size limit as an int: one byte
// less where int has 32 bits.
const maxPacketInt = int(min(iproto.MaxPacketSize, math.MaxInt))

func (c *Config) maxReply() int {
	switch {
	case c.MaxReplySize == 0:
		return DefaultMaxReplySize
	case c.MaxReplySize < 0 || c.MaxReplySize > maxPacketInt:
		return maxPacketInt
	}
	return c.MaxReplySize
}

// StatementCacheSize returns how many statements the statement cache
// keeps: StatementCacheCapacity with the default applied, 0 when the cache
// is off.
func (c *Config) StatementCacheSize() int {
	switch n := c.StatementCacheCapacity; {
	case n == 0:
		return DefaultStatementCacheCapacity
	case n < 0:
		return 0
	default:
		return n
	}
}

// connectTimeout is ConnectTimeout with the default applied; 0 means none.
func (c *Config) connectTimeout() time.Duration {
	switch {
	case c.ConnectTimeout == 0:
		return DefaultConnectTimeout
	case c.ConnectTimeout < 0:
		return 0
	}
	return c.ConnectTimeout
}

func (c *Config) validate() error {
	switch c.Network {
	case "tcp", "tcp4", "tcp6", "unix":
	case "":
		c.Network = "tcp"
	default:
		return fmt.Errorf("tarantool: unsupported network %q (want tcp or unix)", c.Network)
	}
	if c.Address == "" {
		return fmt.Errorf("tarantool: no address to connect to")
	}
	return nil
}
