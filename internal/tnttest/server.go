// Package tnttest starts real Tarantool servers for tests: from
// TARANTOOL_BIN or PATH, on a free 127.0.0.1 port, in a temporary
// directory, with an init script that creates users, grants, sample spaces
// and SQL tables, and sets listen last so that a server that accepts
// connections is ready.
package tnttest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Users the init script creates.
const (
	User           = "tester" // has the super role
	Password       = "secret"
	ReaderUser     = "reader" // may only read space kv
	ReaderPassword = "readonly"
)

// ErrNoBinary is returned by Start when no tarantool binary can be found.
var ErrNoBinary = errors.New("tnttest: no tarantool binary (set TARANTOOL_BIN or put tarantool on PATH)")

// Options adjust a server.
type Options struct {
	// WALMode is box.cfg wal_mode; "" means "write" (durable, for restart tests).
	WALMode string
	// ExtraLua runs after the standard schema is created, before listen.
	ExtraLua string
	// Unix makes the server listen on a Unix socket in its directory
	// instead of a TCP port; Addr is then the socket's path.
	Unix bool
	// MVCC sets memtx_use_mvcc_engine = true (2.10+): interactive
	// transactions on memtx spaces need it. The server's default, and
	// the harness's, is off.
	MVCC bool
	// Replication is box.cfg replication: the URIs (user:password@addr)
	// of the instances to replicate from; a new instance joins from them
	// (StartReplicaSet).
	Replication []string
	// ReadOnly is box.cfg read_only.
	ReadOnly bool
	// Addr is the address to listen on, chosen by the caller (a cluster
	// whose configuration names every address before any server starts);
	// "" picks a free port.
	Addr string
	// Script, when set, makes the server's init script instead of the
	// standard one: it must configure box to listen on s.Addr and then
	// create the file readyFile in s.Dir (readyLua does).
	Script func(s *Server) string
}

// Server is a running tarantool process.
type Server struct {
	Bin     string
	Version iproto.Version
	Addr    string // 127.0.0.1:port, or the socket path with Options.Unix
	Dir     string // working directory (snapshots, WAL, log)
	opts    Options
	cmd     *exec.Cmd
	exited  chan struct{}
	// exitState says how the process ended ("signal: killed", "exit
	// status 1"), once exited is closed.
	exitState string
	ownDir    bool
}

// Binary returns the path of the tarantool binary to use.
func Binary() (string, error) {
	if b := os.Getenv("TARANTOOL_BIN"); b != "" {
		if _, err := os.Stat(b); err != nil {
			return "", fmt.Errorf("tnttest: TARANTOOL_BIN=%s: %w", b, err)
		}
		return b, nil
	}
	b, err := exec.LookPath("tarantool")
	if err != nil {
		return "", ErrNoBinary
	}
	return b, nil
}

var versionRE = regexp.MustCompile(`Tarantool (?:Enterprise )?(\d+)\.(\d+)\.(\d+)`)

// BinaryVersion runs "bin --version" and parses the version.
func BinaryVersion(bin string) (iproto.Version, error) {
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		return 0, fmt.Errorf("tnttest: %s --version: %w", bin, err)
	}
	m := versionRE.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("tnttest: cannot read a version in %q", firstLine(out))
	}
	var p [3]uint8
	for i := range p {
		var n int
		fmt.Sscan(string(m[i+1]), &n)
		p[i] = uint8(n)
	}
	return iproto.MakeVersion(p[0], p[1], p[2]), nil
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}

// Start starts a server and waits until it accepts connections.
func Start(opts Options) (*Server, error) {
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	v, err := BinaryVersion(bin)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "tnttest-")
	if err != nil {
		return nil, err
	}
	s := &Server{Bin: bin, Version: v, Dir: dir, opts: opts, ownDir: true}
	if opts.Addr != "" {
		s.Addr = opts.Addr
	} else if opts.Unix {
		s.Addr = filepath.Join(dir, "tarantool.sock")
	} else {
		// A free port may be taken by another process before the server
		// binds it (test binaries of several packages run at once): the
		// server then exits, and another port is tried.
		for attempt := 1; ; attempt++ {
			port, err := freePort()
			if err != nil {
				os.RemoveAll(dir)
				return nil, err
			}
			s.Addr = fmt.Sprintf("127.0.0.1:%d", port)
			err = s.launch()
			if err == nil {
				return s, nil
			}
			if attempt == 5 || !strings.Contains(err.Error(), "in use") {
				os.RemoveAll(dir)
				return nil, err
			}
		}
	}
	if err := s.launch(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

// readyFile is the file, in the server's directory, that the init script
// writes once the server listens.
const readyFile = "listening"

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (s *Server) launch() error {
	script := filepath.Join(s.Dir, "init.lua")
	os.Remove(filepath.Join(s.Dir, readyFile))
	text := s.initScript()
	if s.opts.Script != nil {
		text = s.opts.Script(s)
	}
	if err := os.WriteFile(script, []byte(text), 0o644); err != nil {
		return err
	}
	cmd := exec.Command(s.Bin, script)
	cmd.Dir = s.Dir
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("tnttest: starting %s: %w", s.Bin, err)
	}
	s.cmd = cmd
	s.exited = make(chan struct{})
	exited := s.exited
	go func() {
		cmd.Wait()
		s.exitState = cmd.ProcessState.String() // read only after exited closes
		close(exited)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return fmt.Errorf("tnttest: tarantool exited during start: %s\n%s", stderr.String(), s.logTail())
		default:
		}
		if _, err := os.Stat(filepath.Join(s.Dir, readyFile)); err == nil {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.kill()
	return fmt.Errorf("tnttest: tarantool did not listen on %s within 20s\n%s", s.Addr, s.logTail())
}

func (s *Server) logTail() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "tarantool.log"))
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// Kill stops the server at once with SIGKILL, as a crash would.
func (s *Server) Kill() { s.kill() }

func (s *Server) kill() {
	if s.cmd == nil {
		return
	}
	syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.exited
	s.cmd = nil
}

// Restart kills the server and starts it again on the same port and
// directory (data written with WAL on survives).
func (s *Server) Restart() error {
	s.kill()
	return s.launch()
}

// Stop terminates the server and removes its directory.
func (s *Server) Stop() {
	if s.cmd != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.exited:
			s.cmd = nil
		case <-time.After(5 * time.Second):
			s.kill()
		}
	}
	if s.ownDir {
		os.RemoveAll(s.Dir)
	}
}

func (s *Server) network() string {
	if s.opts.Unix {
		return "unix"
	}
	return "tcp"
}

// Config returns an engine.Config for the server, as user tester.
func (s *Server) Config() *engine.Config {
	c := engine.NewConfig()
	c.Network, c.Address, c.User, c.Password = s.network(), s.Addr, User, Password
	return c
}

// DSN returns a DSN for the server, as user tester, with extra parameters
// ("" or "key=value&...").
func (s *Server) DSN(params string) string {
	dsn := fmt.Sprintf("tarantool://%s:%s@%s", User, Password, s.Addr)
	if s.opts.Unix {
		dsn = fmt.Sprintf("tarantool+unix://%s:%s@%s", User, Password, s.Addr)
	}
	if params != "" {
		dsn += "?" + params
	}
	return dsn
}

// Dial connects to the server as user tester.
func (s *Server) Dial(ctx context.Context) (*engine.Conn, error) {
	return engine.Dial(ctx, s.Config())
}

// deadError reports a server that should be running and is not, with
// how it ended and the end of its log; nil while it runs.
func (s *Server) deadError() error {
	if s.cmd == nil {
		return nil
	}
	select {
	case <-s.exited:
		return fmt.Errorf("tnttest: the server on %s (%s) is gone: %s; the end of its log:\n%s", s.Addr, s.Version, s.exitState, s.logTail())
	default:
		return nil
	}
}
