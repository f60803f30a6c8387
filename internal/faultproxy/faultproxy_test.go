package faultproxy

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/leakcheck"
)

// echoServer accepts connections on loopback and writes back what it reads.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				io.Copy(c, c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	return ln.Addr().String()
}

func newProxy(t *testing.T) *Proxy {
	t.Helper()
	p, err := New(echoServer(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func dial(t *testing.T, p *Proxy) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(20 * time.Second))
	return c
}

// roundTrip writes msg and reads it back.
func roundTrip(t *testing.T, c net.Conn, msg []byte) {
	t.Helper()
	if _, err := c.Write(msg); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatalf("echo: got %q, want %q", got, msg)
	}
}

func TestForwards(t *testing.T) {
	p := newProxy(t)
	c := dial(t, p)
	roundTrip(t, c, []byte("hello"))
	roundTrip(t, c, bytes.Repeat([]byte("x"), 1<<20))
}

func TestBlackholeHoldsThenHeals(t *testing.T) {
	p := newProxy(t)
	c := dial(t, p)
	roundTrip(t, c, []byte("before"))
	p.Blackhole(ToClient, true)
	if _, err := c.Write([]byte("held")); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	var b [4]byte
	if n, err := c.Read(b[:]); !isTimeout(err) {
		t.Fatalf("read through a blackhole: got %d bytes, %v; want a timeout", n, err)
	}
	p.Heal()
	c.SetReadDeadline(time.Now().Add(20 * time.Second))
	if _, err := io.ReadFull(c, b[:]); err != nil || string(b[:]) != "held" {
		t.Fatalf("after Heal: got %q, %v; want the held bytes", b[:], err)
	}
}

// TestBlackholeToServerStopsTheWriter: with requests held, a writer fills
// the socket buffers and blocks, as against a server that stopped reading.
func TestBlackholeToServerStopsTheWriter(t *testing.T) {
	p := newProxy(t)
	c := dial(t, p)
	p.Blackhole(ToServer, true)
	c.SetWriteDeadline(time.Now().Add(500 * time.Millisecond))
	buf := make([]byte, 1<<20)
	var total int
	for total < 256<<20 {
		n, err := c.Write(buf)
		total += n
		if err != nil {
			if !isTimeout(err) {
				t.Fatalf("write: %v", err)
			}
			return
		}
	}
	t.Fatalf("wrote %d bytes through a blackhole without blocking", total)
}

func TestCutAfter(t *testing.T) {
	p := newProxy(t)
	c := dial(t, p)
	roundTrip(t, c, []byte("warm"))
	p.CutAfter(ToClient, 10)
	if _, err := c.Write(bytes.Repeat([]byte("y"), 100)); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(c)
	if len(got) != 10 {
		t.Errorf("read %d bytes after a cut at 10", len(got))
	}
	if err == nil {
		t.Error("the cut connection ended without an error; want a reset")
	}
	// A new connection counts its own bytes.
	c2 := dial(t, p)
	c2.Write([]byte("0123456789abc"))
	got, _ = io.ReadAll(c2)
	if string(got) != "0123456789" {
		t.Errorf("second connection: got %q, want the first 10 bytes", got)
	}
}

func TestRefuseAndResetAll(t *testing.T) {
	p := newProxy(t)
	c := dial(t, p)
	roundTrip(t, c, []byte("a"))
	p.ResetAll()
	if _, err := io.ReadAll(c); err == nil {
		t.Error("read after ResetAll: want an error")
	}
	p.Refuse(true)
	// The reset may come before connect returns, or at the first read.
	if r, err := net.Dial("tcp", p.Addr()); err == nil {
		r.SetDeadline(time.Now().Add(20 * time.Second))
		_, err = io.ReadAll(r)
		r.Close()
		if err == nil {
			t.Error("a refused connection read cleanly; want a reset")
		}
	}
	p.Refuse(false)
	roundTrip(t, dial(t, p), []byte("back"))
}

// TestThrottle checks only the lower bound: a slower machine makes the
// transfer slower, never faster.
func TestThrottle(t *testing.T) {
	p := newProxy(t)
	c := dial(t, p)
	p.Throttle(ToClient, 64<<10)
	msg := bytes.Repeat([]byte("z"), 96<<10)
	start := time.Now()
	roundTrip(t, c, msg)
	if d := time.Since(start); d < time.Second {
		t.Errorf("96 KiB at 64 KiB/s took %v; want at least 1 s", d)
	}
}

// TestCloseEndsEverything: Close resets a connection held in a blackhole
// and leaves no goroutine of the proxy, nor of the echo server, running.
func TestCloseEndsEverything(t *testing.T) {
	leakcheck.Goroutines(t)
	p, err := New(echoServer(t))
	if err != nil {
		t.Fatal(err)
	}
	c := dial(t, p)
	roundTrip(t, c, []byte("x"))
	p.Blackhole(ToServer, true)
	c.Write([]byte("stuck"))
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(c); err == nil {
		t.Error("the connection survived Close")
	}
	if n := p.Conns(); n != 0 {
		t.Errorf("%d connections after Close", n)
	}
}

func isTimeout(err error) bool {
	return errors.Is(err, os.ErrDeadlineExceeded)
}
