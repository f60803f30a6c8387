// Command tntlocal starts a local Tarantool in a temporary directory, runs
// a command with TARANTOOL_DSN pointing at it, and stops the server:
//
//	go run ./internal/cmd/tntlocal -- go run ./examples/quickstart
package main

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/tntsql/tarantool/internal/tnttest"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: tntlocal -- command [args...]")
		os.Exit(2)
	}
	// Configured as the README's server setup says, MVCC included.
	s, err := tnttest.Start(tnttest.Options{WALMode: "none", MVCC: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "tntlocal: Tarantool %v listening on %s (in %s)\n", s.Version, s.Addr, s.Dir)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), "TARANTOOL_DSN="+s.DSN(""))
	err = cmd.Run()
	s.Stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "tntlocal:", err)
		if ee, ok := err.(*exec.ExitError); ok {
			os.Exit(ee.ExitCode())
		}
		os.Exit(1)
	}
}
