package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

// config is what the command line asks for.
type config struct {
	conc     int           // -c: goroutines and fibers of the concurrent clients
	n        int           // -n: requests per row, concurrent clients
	n1       int           // -n1: requests per row, one goroutine or fiber
	warmup   int           // -warmup: unmeasured requests before each run
	duration time.Duration // -duration: cap on each run
	pool     int           // -pool: database/sql connections
	rows     []row
	clients  []client

	addr     string // -addr: a running server, host:port
	user     string
	password string
	dsn      string // -dsn: a running server

	markdown   bool // -markdown: print the table in Markdown
	quiet      bool // -quiet: no progress on stderr
	cpuProfile string
	memProfile string
}

// Bounds that keep a run finite on a shared machine.
const (
	maxConc     = 10_000
	maxRequests = 10_000_000
	maxDuration = 10 * time.Minute
	maxPool     = 1024
)

const usage = `tntload measures requests per second and latency of box, database/sql
and net.box (in a separate tarantool process) against the same Tarantool,
on loopback. By default it starts a private tarantool with wal_mode='none'
(TARANTOOL_BIN or tarantool on PATH) and stops it at the end.

usage: tntload [flags]

`

// parseFlags reads the command line.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("tntload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	fs.IntVar(&c.conc, "c", 300, "concurrent goroutines (box, database/sql) and fibers (net.box)")
	fs.IntVar(&c.n, "n", 200_000, "requests per row for the concurrent clients")
	fs.IntVar(&c.n1, "n1", 20_000, "requests per row for the one-goroutine and one-fiber clients")
	fs.IntVar(&c.warmup, "warmup", 1000, "unmeasured requests before each run")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "cap on each run (row and client)")
	fs.IntVar(&c.pool, "pool", 16, "database/sql pool size (MaxOpenConns and MaxIdleConns)")
	rows := fs.String("rows", "all", "rows to run: all or some of ping,select,replace,update,call,eval,execute,prepared,cached")
	execModes := fs.String("exec-mode", "all", "how the SQL rows run the query: all or some of text (the execute row), prepared (the prepared row), cached (the text through the statement cache: the cached row)")
	clients := fs.String("clients", "all", "clients to run: all or some of netbox,box,sql,sqldefault,netbox1,box1 (sqldefault: database/sql without SetMaxOpenConns)")
	fs.StringVar(&c.addr, "addr", "", "use the running server at host:port (loopback only) instead of starting one")
	fs.StringVar(&c.user, "user", "", "user for -addr (default guest; setup needs rights to create spaces)")
	fs.StringVar(&c.dsn, "dsn", "", "use the running server of this DSN (loopback or unix socket only)")
	fs.BoolVar(&c.markdown, "markdown", false, "print the table in Markdown")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress on stderr")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the Go side to this file")
	fs.StringVar(&c.memProfile, "memprofile", "", "write an allocation profile of the Go side to this file")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (flags only)", fs.Arg(0))
	}
	c.password = os.Getenv("TNTLOAD_PASSWORD")
	var err error
	if c.rows, err = parseRows(*rows); err != nil {
		return nil, err
	}
	if c.rows, err = filterExecModes(c.rows, *execModes); err != nil {
		return nil, err
	}
	if c.clients, err = parseClients(*clients); err != nil {
		return nil, err
	}
	return c, c.validate()
}

func (c *config) validate() error {
	switch {
	case c.conc < 1 || c.conc > maxConc:
		return fmt.Errorf("-c %d: want 1 to %d", c.conc, maxConc)
	case c.n < 1 || c.n > maxRequests:
		return fmt.Errorf("-n %d: want 1 to %d", c.n, maxRequests)
	case c.n1 < 1 || c.n1 > maxRequests:
		return fmt.Errorf("-n1 %d: want 1 to %d", c.n1, maxRequests)
	case c.warmup < 0 || c.warmup > maxRequests:
		return fmt.Errorf("-warmup %d: want 0 to %d", c.warmup, maxRequests)
	case c.duration <= 0 || c.duration > maxDuration:
		return fmt.Errorf("-duration %v: want more than 0 and at most %v", c.duration, maxDuration)
	case c.pool < 1 || c.pool > maxPool:
		return fmt.Errorf("-pool %d: want 1 to %d", c.pool, maxPool)
	case c.addr != "" && c.dsn != "":
		return fmt.Errorf("-addr and -dsn both name a server: give one")
	case c.user != "" && c.addr == "":
		return fmt.Errorf("-user goes with -addr (a DSN carries its own user)")
	}
	return nil
}

// keys is how many keys setup pre-fills: one per request of the longest
// run, at most maxKeys.
func (c *config) keys() uint64 {
	return uint64(min(max(c.n, c.n1), maxKeys))
}

// plan returns the bounds of a run by client cl.
func (c *config) plan(cl client) plan {
	p := plan{conc: c.conc, n: c.n, warmup: c.warmup, duration: c.duration}
	if cl.serial {
		p.conc, p.n = 1, c.n1
	}
	return p
}
