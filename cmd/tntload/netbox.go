package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tntsql/tarantool/iproto/engine"
)

// netboxScript is the Lua program a separate tarantool process runs for
// each net.box run.
//
//go:embed netbox.lua
var netboxScript []byte

// netboxConfig is what netbox.lua reads from TNTLOAD_NETBOX. It goes
// through the environment, not the command line, to keep the password out
// of the process list.
type netboxConfig struct {
	URI      string  `json:"uri"`
	User     string  `json:"user"`
	Password string  `json:"password"`
	Row      string  `json:"row"`
	Fibers   int     `json:"fibers"`
	N        int     `json:"n"`
	Warmup   int     `json:"warmup"`
	Duration float64 `json:"duration"` // seconds
	Keys     uint64  `json:"keys"`
	Space    string  `json:"space"`
	SQL      string  `json:"sql"`
	Call     string  `json:"call"`
	Eval     string  `json:"eval"`
	Value    string  `json:"value"`
}

// netbox runs workloads through net.box in tarantool processes.
type netbox struct {
	bin    string // the tarantool binary
	script string // netbox.lua written to a temporary directory
	base   netboxConfig
}

// newNetbox writes the script into dir and prepares runs against the
// server cfg describes, on keys pre-filled keys.
func newNetbox(bin, dir string, cfg *engine.Config, keys uint64) (*netbox, error) {
	script := filepath.Join(dir, "netbox.lua")
	if err := os.WriteFile(script, netboxScript, 0o600); err != nil {
		return nil, err
	}
	return &netbox{bin: bin, script: script, base: netboxConfig{
		URI:      netboxURI(cfg),
		User:     cfg.User,
		Password: cfg.Password,
		Keys:     keys,
		Space:    spaceName,
		SQL:      selectSQL,
		Call:     callFunc,
		Eval:     evalExpr,
		Value:    writeValue,
	}}, nil
}

// netboxURI is the address in net.box's form: host:port, or unix/:path.
func netboxURI(cfg *engine.Config) string {
	if cfg.Network == "unix" {
		return "unix/:" + cfg.Address
	}
	return cfg.Address
}

// run runs row r under plan p in a new tarantool process and returns what
// it measured. claimed follows the process's progress reports.
func (nb *netbox) run(ctx context.Context, r row, p plan, claimed *atomic.Int64) (runResult, error) {
	cfg := nb.base
	cfg.Row, cfg.Fibers, cfg.N, cfg.Warmup, cfg.Duration = string(r), p.conc, p.n, p.warmup, p.duration.Seconds()
	env, err := json.Marshal(cfg)
	if err != nil {
		return runResult{}, err
	}
	// Warmup and the measured run are each bounded by p.duration; the rest
	// is connecting and printing.
	ctx, cancel := context.WithTimeout(ctx, 2*p.duration+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nb.bin, nb.script)
	cmd.Dir = filepath.Dir(nb.script)
	cmd.Env = append(os.Environ(), "TNTLOAD_NETBOX="+string(env))
	var stderr tailBuffer
	cmd.Stderr = &stderr
	cmd.WaitDelay = 5 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return runResult{}, err
	}
	claimed.Store(0)
	if err := cmd.Start(); err != nil {
		return runResult{}, fmt.Errorf("net.box: starting %s: %w", nb.bin, err)
	}
	res, perr := parseNetbox(stdout, claimed)
	io.Copy(io.Discard, stdout)
	werr := cmd.Wait()
	if ctx.Err() != nil {
		return runResult{}, fmt.Errorf("net.box run: %w", ctx.Err())
	}
	if perr != nil {
		if s := stderr.String(); s != "" {
			perr = fmt.Errorf("%w\n%s", perr, s)
		}
		return runResult{}, perr
	}
	if werr != nil {
		return runResult{}, fmt.Errorf("net.box process: %w\n%s", werr, stderr.String())
	}
	return res, nil
}

// netboxLine is one line netbox.lua prints.
type netboxLine struct {
	Progress *int64 `json:"progress"`
	Result   *struct {
		Requests  int     `json:"requests"`
		ElapsedNs int64   `json:"elapsed_ns"`
		LatencyNs []int64 `json:"latency_ns"`
		Error     string  `json:"error"`
	} `json:"result"`
	Error string `json:"error"`
}

// parseNetbox reads netbox.lua's output up to its result, storing each
// progress report in claimed.
func parseNetbox(r io.Reader, claimed *atomic.Int64) (runResult, error) {
	dec := json.NewDecoder(r)
	for {
		var l netboxLine
		if err := dec.Decode(&l); err != nil {
			if errors.Is(err, io.EOF) {
				return runResult{}, errors.New("net.box process ended without a result")
			}
			return runResult{}, fmt.Errorf("net.box output: %w", err)
		}
		switch {
		case l.Error != "":
			return runResult{}, fmt.Errorf("net.box: %s", l.Error)
		case l.Progress != nil:
			claimed.Store(*l.Progress)
		case l.Result != nil:
			res := l.Result
			if res.Requests < 0 || res.ElapsedNs < 0 || len(res.LatencyNs) != res.Requests {
				return runResult{}, fmt.Errorf("net.box result is inconsistent: %d requests, %d latencies, elapsed %dns",
					res.Requests, len(res.LatencyNs), res.ElapsedNs)
			}
			out := runResult{requests: res.Requests, elapsed: time.Duration(res.ElapsedNs), latency: res.LatencyNs}
			if res.Error != "" {
				out.err = errors.New(res.Error)
			}
			return out, nil
		default:
			return runResult{}, errors.New("net.box output: a line with neither progress, result nor error")
		}
	}
}

// tailBuffer keeps the last 4 KiB written to it.
type tailBuffer struct{ b bytes.Buffer }

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b.Write(p)
	if over := t.b.Len() - 4096; over > 0 {
		t.b.Next(over)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return strings.TrimSpace(t.b.String()) }
