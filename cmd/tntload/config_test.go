package main

import (
	"context"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/tntsql/tarantool/iproto/engine"
)

func TestParseFlags(t *testing.T) {
	c, err := parseFlags([]string{"-c", "8", "-n", "100", "-rows", "select,ping", "-clients", "box1,netbox"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.conc != 8 || c.n != 100 {
		t.Errorf("conc, n = %d, %d; want 8, 100", c.conc, c.n)
	}
	if !reflect.DeepEqual(c.rows, []row{rowPing, rowSelect}) {
		t.Errorf("rows = %v, want [ping select] in table order", c.rows)
	}
	var ids []string
	for _, cl := range c.clients {
		ids = append(ids, cl.id)
	}
	if !reflect.DeepEqual(ids, []string{"netbox", "box1"}) {
		t.Errorf("clients = %v, want [netbox box1] in table order", ids)
	}
	if p := c.plan(c.clients[1]); p.conc != 1 || p.n != c.n1 {
		t.Errorf("plan of box1 = %+v, want one goroutine and -n1 requests", p)
	}
}

func TestParseFlagsErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-c", "0"}, "-c 0"},
		{[]string{"-n", "100000000"}, "-n 100000000"},
		{[]string{"-n1", "0"}, "-n1 0"},
		{[]string{"-warmup", "-1"}, "-warmup -1"},
		{[]string{"-duration", "0s"}, "-duration 0s"},
		{[]string{"-duration", "1h"}, "-duration 1h0m0s"},
		{[]string{"-pool", "0"}, "-pool 0"},
		{[]string{"-rows", "ping,nope"}, `unknown row "nope"`},
		{[]string{"-exec-mode", "text,fast"}, `unknown mode "fast"`},
		{[]string{"-rows", "prepared", "-exec-mode", "cached"}, `none of the rows`},
		{[]string{"-clients", "jdbc"}, `unknown client "jdbc"`},
		{[]string{"-addr", "127.0.0.1:3301", "-dsn", "tarantool://127.0.0.1"}, "give one"},
		{[]string{"-user", "admin"}, "-user goes with -addr"},
		{[]string{"extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		_, err := parseFlags(tt.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseFlags(%q) error = %v, want one containing %q", tt.args, err, tt.want)
		}
	}
}

func TestKeys(t *testing.T) {
	c := &config{n: 5_000_000, n1: 10}
	if k := c.keys(); k != maxKeys {
		t.Errorf("keys for -n 5000000 = %d, want the cap %d", k, maxKeys)
	}
	c = &config{n: 100, n1: 300}
	if k := c.keys(); k != 300 {
		t.Errorf("keys for -n 100 -n1 300 = %d, want 300", k)
	}
	for i, want := range map[uint64]uint64{1: 1, 300: 300, 301: 1, 602: 2} {
		if got := keyOf(i, 300); got != want {
			t.Errorf("keyOf(%d, 300) = %d, want %d", i, got, want)
		}
	}
}

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		network, addr string
		ok            bool
	}{
		{"tcp", "127.0.0.1:3301", true},
		{"tcp", "127.9.8.7:3301", true},
		{"tcp", "[::1]:3301", true},
		{"unix", "/tmp/tarantool.sock", true},
		{"tcp", "10.0.0.1:3301", false},
		{"tcp", "[2001:db8::1]:3301", false},
		{"tcp", "0.0.0.0:3301", false},
	}
	for _, tt := range tests {
		cfg := engine.NewConfig()
		cfg.Network, cfg.Address = tt.network, tt.addr
		err := checkLoopback(context.Background(), cfg)
		if (err == nil) != tt.ok {
			t.Errorf("checkLoopback(%s %s) = %v, want ok=%v", tt.network, tt.addr, err, tt.ok)
		}
	}
}

func TestNetboxURI(t *testing.T) {
	cfg := engine.NewConfig()
	cfg.Address = "127.0.0.1:3301"
	if got := netboxURI(cfg); got != "127.0.0.1:3301" {
		t.Errorf("tcp URI = %q", got)
	}
	cfg.Network, cfg.Address = "unix", "/tmp/t.sock"
	if got := netboxURI(cfg); got != "unix/:/tmp/t.sock" {
		t.Errorf("unix URI = %q, want unix/:/tmp/t.sock", got)
	}
}

// TestExecModeFlag: -exec-mode keeps the SQL execute rows of the modes it
// names, and every other row.
func TestExecModeFlag(t *testing.T) {
	c, err := parseFlags([]string{"-rows", "ping,execute,prepared,cached", "-exec-mode", "cached,text"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if want := []row{rowPing, rowExecute, rowCached}; !reflect.DeepEqual(c.rows, want) {
		t.Errorf("rows = %v, want %v", c.rows, want)
	}
}
