package engine_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// configWith returns NewConfig with the changes of f applied.
func configWith(f func(c *engine.Config)) *engine.Config {
	c := engine.NewConfig()
	f(c)
	return c
}

// dsnCases parse to the given Config; format, when set, is what FormatDSN
// gives back for it (else the DSN itself).
var dsnCases = []struct {
	name   string
	dsn    string
	want   *engine.Config
	format string
}{
	{"host without port", "tarantool://localhost",
		configWith(func(c *engine.Config) { c.Address = "localhost:3301" }), "tarantool://localhost:3301"},
	{"host and port", "tarantool://db.example.com:3302",
		configWith(func(c *engine.Config) { c.Address = "db.example.com:3302" }), ""},
	{"ipv4", "tarantool://127.0.0.1:1",
		configWith(func(c *engine.Config) { c.Address = "127.0.0.1:1" }), ""},
	{"ipv6 in brackets", "tarantool://[::1]:3301",
		configWith(func(c *engine.Config) { c.Address = "[::1]:3301" }), ""},
	{"ipv6 without port", "tarantool://[fe80::1]",
		configWith(func(c *engine.Config) { c.Address = "[fe80::1]:3301" }), "tarantool://[fe80::1]:3301"},
	{"max port", "tarantool://h:65535",
		configWith(func(c *engine.Config) { c.Address = "h:65535" }), ""},
	{"user", "tarantool://admin@h:3301",
		configWith(func(c *engine.Config) { c.Address = "h:3301"; c.User = "admin" }), ""},
	{"user and password", "tarantool://admin:secret@h:3301",
		configWith(func(c *engine.Config) { c.Address = "h:3301"; c.User = "admin"; c.Password = "secret" }), ""},
	{"empty password", "tarantool://admin:@h:3301",
		configWith(func(c *engine.Config) { c.Address = "h:3301"; c.User = "admin" }), "tarantool://admin@h:3301"},
	{"percent-encoded user and password", "tarantool://us%40er%3A1:p%40ss%3Aw%2Fd%3F%25@h:3301",
		configWith(func(c *engine.Config) { c.Address = "h:3301"; c.User = "us@er:1"; c.Password = "p@ss:w/d?%" }), ""},
	{"unescaped @ and ? in password", "tarantool://u:p@ss?x@h:3301",
		configWith(func(c *engine.Config) { c.Address = "h:3301"; c.User = "u"; c.Password = "p@ss?x" }),
		"tarantool://u:p%40ss%3Fx@h:3301"},
	{"unix", "tarantool+unix:///var/run/tarantool/t.sock",
		configWith(func(c *engine.Config) { c.Network = "unix"; c.Address = "/var/run/tarantool/t.sock" }), ""},
	{"unix with user and params", "tarantool+unix://guest@/tmp/a%20b.sock?request_timeout=1s",
		configWith(func(c *engine.Config) {
			c.Network = "unix"
			c.Address = "/tmp/a b.sock"
			c.User = "guest"
			c.RequestTimeout = time.Second
		}), ""},
	{"every parameter", "tarantool://u:p@h:1?connect_timeout=1s&request_timeout=2s&max_reply_size=1024" +
		"&sql_full_metadata=false&sql_seq_scan=true&txn_isolation=read_committed&txn_timeout=3s" +
		"&sockets=4&lower_column_names=true&fetch_schema=false&reconnect_delay=500ms&max_reconnects=7&keepalive=10s",
		configWith(func(c *engine.Config) {
			c.Address, c.User, c.Password = "h:1", "u", "p"
			c.ConnectTimeout = time.Second
			c.RequestTimeout = 2 * time.Second
			c.MaxReplySize = 1024
			c.DisableSQLFullMetadata = true
			c.SQLSeqScan = engine.SettingOn
			c.TxnIsolation = iproto.IsolationReadCommitted
			c.TxnTimeout = 3 * time.Second
			c.Sockets = 4
			c.LowerColumnNames = true
			c.DisableFetchSchema = true
			c.ReconnectDelay = 500 * time.Millisecond
			c.MaxReconnects = 7
			c.KeepAlive = 10 * time.Second
		}), ""},
	{"parameters in another order", "tarantool://h:1?keepalive=1m&connect_timeout=0s&sql_seq_scan=false&max_reply_size=0",
		configWith(func(c *engine.Config) {
			c.Address = "h:1"
			c.KeepAlive = time.Minute
			c.ConnectTimeout = -1 // connect_timeout=0: no limit
			c.SQLSeqScan = engine.SettingOff
			c.MaxReplySize = -1 // max_reply_size=0: the protocol's limit
		}), "tarantool://h:1?connect_timeout=0s&max_reply_size=0&sql_seq_scan=false&keepalive=1m0s"},
	{"defaults written out", "tarantool://h:1?connect_timeout=5s&max_reply_size=268435456&sql_full_metadata=true" +
		"&fetch_schema=true&txn_isolation=default&request_timeout=0s",
		configWith(func(c *engine.Config) { c.Address = "h:1" }), "tarantool://h:1"},
	{"every isolation name", "tarantool://h:1?txn_isolation=linearizable",
		configWith(func(c *engine.Config) { c.Address = "h:1"; c.TxnIsolation = iproto.IsolationLinearizable }), ""},
	{"bool spellings", "tarantool://h:1?fetch_schema=0&sql_full_metadata=F",
		configWith(func(c *engine.Config) {
			c.Address = "h:1"
			c.DisableFetchSchema = true
			c.DisableSQLFullMetadata = true
		}),
		"tarantool://h:1?sql_full_metadata=false&fetch_schema=false"},
	{"empty parameters skipped", "tarantool://h:1?&&keepalive=1s&",
		configWith(func(c *engine.Config) { c.Address = "h:1"; c.KeepAlive = time.Second }), "tarantool://h:1?keepalive=1s"},
	{"several hosts", "tarantool://u:p@h1:3301,h2,[::1]:3303?target_session_attrs=read-write&load_balance_hosts=random",
		configWith(func(c *engine.Config) {
			c.Address, c.User, c.Password = "h1:3301", "u", "p"
			c.FallbackAddresses = []string{"h2:3301", "[::1]:3303"}
			c.TargetSessionAttrs = engine.TargetReadWrite
			c.LoadBalanceHosts = true
		}), "tarantool://u:p@h1:3301,h2:3301,[::1]:3303?target_session_attrs=read-write&load_balance_hosts=random"},
	{"every target", "tarantool://h:1?target_session_attrs=prefer-standby&role_check_interval=250ms&load_balance_hosts=disable",
		configWith(func(c *engine.Config) {
			c.Address = "h:1"
			c.TargetSessionAttrs = engine.TargetPreferStandby
			c.RoleCheckInterval = 250 * time.Millisecond
		}), "tarantool://h:1?target_session_attrs=prefer-standby&role_check_interval=250ms"},
	{"default target written out", "tarantool://h:1?target_session_attrs=any",
		configWith(func(c *engine.Config) { c.Address = "h:1" }), "tarantool://h:1"},
	{"several unix sockets", "tarantool+unix:///run/a.sock,/run/b%2Cc.sock",
		configWith(func(c *engine.Config) {
			c.Network, c.Address = "unix", "/run/a.sock"
			c.FallbackAddresses = []string{"/run/b,c.sock"}
		}), ""},
	{"percent-encoded parameter", "tarantool://h:1?txn%5Fisolation=best%5Feffort",
		configWith(func(c *engine.Config) { c.Address = "h:1"; c.TxnIsolation = iproto.IsolationBestEffort }),
		"tarantool://h:1?txn_isolation=best_effort"},
}

func TestParseDSN(t *testing.T) {
	for _, tc := range dsnCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := engine.ParseDSN(tc.dsn)
			if err != nil {
				t.Fatalf("ParseDSN(%q): %v", tc.dsn, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseDSN(%q):\ngot  %+v\nwant %+v", tc.dsn, got, tc.want)
			}
			want := tc.format
			if want == "" {
				want = tc.dsn
			}
			if f := got.FormatDSN(); f != want {
				t.Errorf("FormatDSN: got %q, want %q", f, want)
			}
			again, err := engine.ParseDSN(got.FormatDSN())
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("ParseDSN(FormatDSN()): got %+v, %v, want %+v", again, err, got)
			}
		})
	}
}

func TestParseDSNDefaults(t *testing.T) {
	c, err := engine.ParseDSN("tarantool://h")
	if err != nil {
		t.Fatal(err)
	}
	want := engine.Config{Network: "tcp", Address: "h:" + engine.DefaultPort}
	if !reflect.DeepEqual(*c, want) {
		t.Errorf("got %+v, want %+v", *c, want)
	}
	if engine.DefaultPort != "3301" {
		t.Errorf("DefaultPort: got %q, want 3301", engine.DefaultPort)
	}
}

func TestFormatDSN(t *testing.T) {
	cases := []struct {
		name string
		cfg  *engine.Config
		want string
	}{
		{"zero config means every default", &engine.Config{}, "tarantool://"},
		{"no limits and no defaults", &engine.Config{Address: "h:1", ConnectTimeout: -1, MaxReplySize: -1, Sockets: -1, DisableSQLFullMetadata: true, DisableFetchSchema: true},
			"tarantool://h:1?connect_timeout=0s&max_reply_size=0&sql_full_metadata=false&sockets=0&fetch_schema=false"},
		{"tcp4 network is tcp", configWith(func(c *engine.Config) { c.Network = "tcp4"; c.Address = "h:1" }), "tarantool://h:1"},
		{"password without user is dropped", configWith(func(c *engine.Config) { c.Address = "h:1"; c.Password = "p" }), "tarantool://h:1"},
		{"escapes", configWith(func(c *engine.Config) { c.Address = "h:1"; c.User = "a b&c"; c.Password = "~._-!" }),
			"tarantool://a%20b%26c:~._-%21@h:1"},
		{"unix path escapes", configWith(func(c *engine.Config) { c.Network = "unix"; c.Address = "/tmp/a?b@c#d" }),
			"tarantool+unix:///tmp/a%3Fb%40c%23d"},
		{"duration", configWith(func(c *engine.Config) { c.Address = "h:1"; c.TxnTimeout = 1500 * time.Millisecond }),
			"tarantool://h:1?txn_timeout=1.5s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.cfg.FormatDSN(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// dsnErrors are DSNs ParseDSN must refuse, with a word the error must
// contain.
var dsnErrors = []struct {
	name string
	dsn  string
	want string
}{
	{"empty", "", "must start with"},
	{"wrong scheme", "mysql://h:1", "must start with"},
	{"scheme case", "Tarantool://h:1", "must start with"},
	{"scheme without slashes", "tarantool:h:1", "must start with"},
	{"no host", "tarantool://", "no host"},
	{"no host with user", "tarantool://u:p@", "no host"},
	{"no host with params", "tarantool://?keepalive=1s", "no host"},
	{"unknown parameter", "tarantool://h?bogus=1", `unknown DSN parameter "bogus"`},
	{"parameter case", "tarantool://h?KeepAlive=1s", "unknown DSN parameter"},
	{"duplicate parameter", "tarantool://h?keepalive=1s&keepalive=2s", `"keepalive" given twice`},
	{"duplicate through escaping", "tarantool://h?keepalive=1s&keep%61live=1s", "given twice"},
	{"duration without unit", "tarantool://h?connect_timeout=5", "connect_timeout"},
	{"negative duration", "tarantool://h?request_timeout=-1s", "non-negative duration"},
	{"empty duration", "tarantool://h?keepalive=", "keepalive"},
	{"parameter without value", "tarantool://h?keepalive", "keepalive"},
	{"bad integer", "tarantool://h?max_reply_size=1MB", "max_reply_size"},
	{"negative integer", "tarantool://h?max_reconnects=-1", "non-negative integer"},
	{"bad bool", "tarantool://h?fetch_schema=yes", "fetch_schema"},
	{"bad seq scan", "tarantool://h?sql_seq_scan=maybe", "sql_seq_scan"},
	{"bad isolation", "tarantool://h?txn_isolation=serializable", "txn_isolation"},
	{"bad parameter escape", "tarantool://h?keepalive=%zz", "percent-encoding"},
	{"bad parameter name escape", "tarantool://h?%zz=1", "percent-encoding"},
	{"port not a number", "tarantool://h:http", "port"},
	{"port zero", "tarantool://h:0", "port"},
	{"port too big", "tarantool://h:65536", "port"},
	{"port negative", "tarantool://h:-1", "port"},
	{"port with leading zero", "tarantool://h:03301", "port"},
	{"port with sign", "tarantool://h:+3301", "port"},
	{"ipv6 without brackets and port", "tarantool://fe80::1::2", "host"},
	{"unbalanced bracket", "tarantool://[::1:3301", "bracket"},
	{"bracket in host", "tarantool://a]b:1", "host"},
	{"empty brackets", "tarantool://[]:1", "host"},
	{"path in tcp host", "tarantool://h:1/db", "host"},
	{"space in host", "tarantool://h%20x:1", "host"},
	{"empty user", "tarantool://@h:1", "empty user"},
	{"empty user with password", "tarantool://:p@h:1", "empty user"},
	{"bad user escape", "tarantool://u%zz@h:1", "user name"},
	{"bad password escape", "tarantool://u:p%zz@h:1", "password"},
	{"bad address escape", "tarantool://h%zz:1", "address"},
	{"relative unix path", "tarantool+unix://tmp/t.sock", "absolute"},
	{"empty unix path", "tarantool+unix://", "absolute"},
	{"unix unknown parameter", "tarantool+unix:///t.sock?x=1", "unknown"},
	{"empty host in a list", "tarantool://h1:1,,h2:2", "empty host in its list"},
	{"trailing comma", "tarantool://h1:1,", "empty host in its list"},
	{"bad host in a list", "tarantool://h1:1,h2:0", "port"},
	{"relative path in a list", "tarantool+unix:///a.sock,b.sock", "absolute"},
	{"bad target", "tarantool://h?target_session_attrs=master", "target_session_attrs"},
	{"bad load balance", "tarantool://h?load_balance_hosts=true", "load_balance_hosts"},
}

func TestParseDSNErrors(t *testing.T) {
	for _, tc := range dsnErrors {
		t.Run(tc.name, func(t *testing.T) {
			c, err := engine.ParseDSN(tc.dsn)
			if err == nil {
				t.Fatalf("ParseDSN(%q): got %+v, want an error containing %q", tc.dsn, c, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseDSN(%q): got error %q, want it to contain %q", tc.dsn, err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "tarantool: ") {
				t.Errorf("ParseDSN(%q): got error %q, want the prefix \"tarantool: \"", tc.dsn, err)
			}
		})
	}
}

// TestDSNPasswordNeverPrinted checks that no error and no Config.String
// output contains the password, whatever part of the DSN is wrong.
func TestDSNPasswordNeverPrinted(t *testing.T) {
	const pw = "s3cr3tpw"
	dsns := []string{
		"tarantool://u:s3cr3tpw@host:notaport",
		"tarantool://u:s3cr3tpw?x@host",
		"tarantool://u:s3cr3tpw@host?bogus=1",
		"tarantool://u:s3cr3tpw@host?keepalive=forever",
		"tarantool://u:s3cr3tpw@host?keepalive=1s&keepalive=1s",
		"tarantool://u:s3cr3tpw@[::1",
		"tarantool://u:s3cr3tpw@",
		"tarantool://u:s3cr3tpw@host/path",
		"tarantool://u:s3cr3tpw%@host",
		"tarantool://u%zz:s3cr3tpw@host",
		"tarantool://u:s3cr3tpw@ho%zzst",
		"tarantool://:s3cr3tpw@host",
		"tarantool://u:s3cr3tpw",
		"tarantool://u:s3cr3tpw/x@host",
		"tarantool://u:s3cr3tpw@host:0",
		"tarantool+unix://u:s3cr3tpw@relative/path",
		"tarantool+unix://u:s3cr3tpw@/tmp/s?txn_isolation=nope",
		"tarantoo://u:s3cr3tpw@host",
		"tarantool://u:s3cr3tpw@host?txn_isolation=nope",
		"tarantool://u:s3cr3tpw@host?%zz",
		"tarantool://u:s3cr3tpw@h:1",
		"tarantool://u:s3cr3tpw?x@h:1",
		"tarantool+unix://u:s3cr3tpw@/tmp/s",
		"tarantool://u:s%33cr3tpw@h:1",
	}
	for _, dsn := range dsns {
		t.Run(dsn, func(t *testing.T) {
			c, err := engine.ParseDSN(dsn)
			if err != nil {
				if strings.Contains(err.Error(), pw) || strings.Contains(err.Error(), "s3cr3t") {
					t.Errorf("error %q contains the password", err)
				}
				return
			}
			if !strings.Contains(c.Password, "cr3tpw") {
				t.Fatalf("got password %q, want one containing %q", c.Password, pw)
			}
			s := c.String()
			if strings.Contains(s, "cr3t") {
				t.Errorf("String() = %q contains the password", s)
			}
			if !strings.Contains(s, "xxxxx") {
				t.Errorf("String() = %q does not show that a password is set", s)
			}
			if got, err := engine.ParseDSN(s); err != nil || got.User != c.User || got.Address != c.Address {
				t.Errorf("String() = %q does not parse back to the same user and address: %+v, %v", s, got, err)
			}
		})
	}
}

func TestConfigClone(t *testing.T) {
	c := configWith(func(c *engine.Config) { c.Address = "h:1"; c.Password = "p" })
	cc := c.Clone()
	cc.Password = "q"
	if c.Password != "p" || cc == c {
		t.Errorf("Clone shares state with the original")
	}
	if (&engine.Config{}).String() == "" {
		t.Errorf("String of a zero Config is empty")
	}
	if got := fmt.Sprintf("%#v", c); !strings.HasPrefix(got, "engine.Config{") || strings.Contains(got, `"p"`) {
		t.Errorf("%%#v = %s, want engine.Config{...} with the password masked", got)
	}
}

func TestParseIsolation(t *testing.T) {
	for l := iproto.IsolationDefault; l <= iproto.IsolationLinearizable; l++ {
		got, err := iproto.ParseIsolation(l.String())
		if err != nil || got != l {
			t.Errorf("ParseIsolation(%q): got %v, %v, want %v", l.String(), got, err, l)
		}
	}
	if _, err := iproto.ParseIsolation("READ_COMMITTED"); err == nil {
		t.Errorf("ParseIsolation(READ_COMMITTED): got nil error, want one (names are lower case)")
	}
}
