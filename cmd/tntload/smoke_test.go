package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
)

func TestMain(m *testing.M) { tnttest.Main(m) }

// tableLines returns the cells of each data line of a Markdown table in out.
func tableLines(t *testing.T, out string) [][]string {
	t.Helper()
	var lines [][]string
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "| ") || strings.HasPrefix(l, "| row |") {
			continue
		}
		cells := strings.Split(strings.Trim(l, "| "), " | ")
		if len(cells) != len(tableHeader) {
			t.Fatalf("table line has %d cells, want %d: %q", len(cells), len(tableHeader), l)
		}
		lines = append(lines, cells)
	}
	return lines
}

// runTool runs the command in process and returns its stdout.
func runTool(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr strings.Builder
	if err := run(context.Background(), args, &stdout, &stderr); err != nil {
		t.Fatalf("tntload %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// TestSmokeEveryRow runs every row with every client, a few requests each,
// against the tests' server, and checks that each run completed all its
// requests and that the server is left as it was.
func TestSmokeEveryRow(t *testing.T) {
	s := tnttest.Require(t)
	const conc, n, n1 = 4, 40, 10
	out := runTool(t, "-dsn", s.DSN(""), "-c", strconv.Itoa(conc), "-n", strconv.Itoa(n), "-n1", strconv.Itoa(n1),
		"-warmup", "5", "-pool", "2", "-duration", "1m", "-quiet", "-markdown")
	lines := tableLines(t, out)
	want := map[string]bool{}
	for _, r := range allRows {
		for _, cl := range allClients {
			if cl.supports(r) {
				c := conc
				if cl.serial {
					c = 1
				}
				want[fmt.Sprintf("%s/%s/%d", rowTitles[r], cl.name, c)] = true
			}
		}
	}
	for _, cells := range lines {
		client, _, _ := strings.Cut(cells[1], " (pool")
		key := fmt.Sprintf("%s/%s/%s", cells[0], client, cells[2])
		if !want[key] {
			t.Errorf("unexpected or repeated table line %q", strings.Join(cells, " | "))
			continue
		}
		delete(want, key)
		wantN := strconv.Itoa(n)
		if cells[2] == "1" {
			wantN = strconv.Itoa(n1)
		}
		if cells[3] != wantN {
			t.Errorf("%s: %s requests completed, want %s", key, cells[3], wantN)
		}
		if cells[4] == "0" || cells[6] == "-" || cells[7] == "-" {
			t.Errorf("%s: req/s %s, p50 %s, p99 %s; want measurements", key, cells[4], cells[6], cells[7])
		}
		if strings.HasPrefix(client, "net.box") != (cells[5] == "") {
			t.Errorf("%s: ratio %q; want one for every client but net.box", key, cells[5])
		}
	}
	for key := range want {
		t.Errorf("no table line for %s", key)
	}

	ic, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer ic.Close()
	resp, err := ic.Do(context.Background(), &iproto.Eval{Expr: `return box.space.tntload == nil and box.space.TNTLOAD_SQL == nil and rawget(_G, 'tntload_echo') == nil`})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Release()
	vals, err := resp.DecodeData()
	if err != nil || len(vals) != 1 || vals[0] != true {
		t.Errorf("after the run, objects gone = %v (%v), want true", vals, err)
	}
}

// TestSmokePrivateServer runs the default path: a server of the tool's
// own with wal_mode='none'.
func TestSmokePrivateServer(t *testing.T) {
	tnttest.Require(t)
	out := runTool(t, "-rows", "ping,select", "-clients", "netbox1,box1", "-n", "20", "-n1", "20", "-warmup", "0", "-quiet", "-markdown")
	if !strings.Contains(out, "(wal_mode=none)") || !strings.Contains(out, "started by tntload") {
		t.Errorf("heading does not say the tool started a server with wal_mode=none:\n%s", out)
	}
	var got []string
	for _, cells := range tableLines(t, out) {
		got = append(got, cells[0]+"/"+cells[1]+"/"+cells[3])
	}
	want := []string{"ping/net.box/20", "ping/box/20", "select by pk/net.box/20", "select by pk/box/20"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("table lines (row/client/requests) = %v, want %v\n%s", got, want, out)
	}
}

func TestRefusesRemoteServer(t *testing.T) {
	var stdout, stderr strings.Builder
	err := run(context.Background(), []string{"-addr", "192.0.2.1:3301", "-quiet"}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
		t.Errorf("error = %v, want a refusal of a non-loopback address", err)
	}
}
