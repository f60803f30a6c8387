// Command tntload measures the requests per second and latency of this
// module's clients against net.box, the Lua client every Tarantool user
// has, on the same server in the same run.
//
//	go run ./cmd/tntload                 # starts a private tarantool, wal_mode='none'
//	go run ./cmd/tntload -c 300 -n 200000 -duration 10s -rows ping,select
//	go run ./cmd/tntload -dsn 'tarantool://admin:pw@127.0.0.1:3301'
//
// For each row (ping, select by primary key, replace, update, call, eval,
// SQL execute, prepared execute) it runs N requests over C concurrent
// goroutines through box on one pipelined connection and through
// database/sql with a pool, and the same requests over C fibers through
// one net.box connection in a separate tarantool process; then the same
// with one goroutine and one fiber. It prints one table: requests per
// second, the ratio to net.box in the same row and concurrency class, and
// the p50 and p99 latency. Progress goes to stderr.
//
// Each run is bounded by -n (or -n1) requests and by -duration. The server
// must be on loopback (or a Unix socket); tntload refuses any other.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "tntload:", err)
		os.Exit(1)
	}
}

// run is the whole command: flags, server, runs, table.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if c.memProfile != "" {
		defer func() {
			if werr := writeAllocProfile(c.memProfile); err == nil {
				err = werr
			}
		}()
	}

	srv, err := openServer(ctx, c)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := srv.close(context.WithoutCancel(ctx)); err == nil && cerr != nil {
			err = fmt.Errorf("cleaning up the server: %w", cerr)
		}
	}()
	if err := srv.setup(ctx, c.keys()); err != nil {
		return err
	}
	if srv.walMode != "none" {
		fmt.Fprintf(stderr, "tntload: warning: the server's wal_mode is %q, not 'none': writes include the WAL\n", srv.walMode)
	}
	s, err := openSession(ctx, c, srv)
	if err != nil {
		return err
	}
	defer s.close()

	fmt.Fprintf(stdout, "Tarantool %s (wal_mode=%s) at %s; net.box from %s\n", srv.version, srv.walMode, srv.where(), s.netboxBin())
	fmt.Fprintf(stdout, "%s %s/%s, GOMAXPROCS %d, %d CPUs; -c %d -n %d -n1 %d -warmup %d -duration %v -pool %d\n\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU(),
		c.conc, c.n, c.n1, c.warmup, c.duration, c.pool)
	results, runErr := s.runAll(ctx, newProgress(stderr, s.countRuns(), c.quiet))
	setRatios(results)
	if err := writeTable(stdout, results, c.markdown); err != nil {
		return err
	}
	if runErr != nil {
		fmt.Fprintf(stdout, "\nstopped early: %v\n", runErr)
	}
	return runErr
}

func writeAllocProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.Lookup("allocs").WriteTo(f, 0)
}
