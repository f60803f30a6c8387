package engine_test

import (
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/fakeserver"
	"github.com/tntsql/tarantool/internal/leakcheck"
	"github.com/tntsql/tarantool/internal/wirenote"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Faults a real server cannot be made to show on demand, played by a
// scripted fake on 127.0.0.1. Every case must end in a clear error within
// the configured timeout: never a hang, a panic, or a broken connection
// that keeps serving.

// half returns the first half of a packet: a torn frame.
func half(p []byte) []byte { return p[:len(p)/2] }

func TestFaultHandshake(t *testing.T) {
	const password = "pw-never-shown"
	notIproto := []byte("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n")
	notIproto = append(notIproto, strings.Repeat(" ", iproto.GreetingSize-len(notIproto))...)
	idUnknown := fakeserver.ReplyError(iproto.ErUnknownRequestType, "Unknown request type 73")
	for _, tc := range []struct {
		name     string
		script   fakeserver.Script
		user     string // authenticate as user (with password)
		fullMeta bool   // sql_full_metadata: one EXECUTE after authentication
		step     string // DialError.Step
		cause    error  // errors.Is target, or nil
		text     string // in the message
	}{
		{"no greeting", fakeserver.Script{fakeserver.Stall}, "", false, "greeting", context.DeadlineExceeded, "connect_timeout"},
		{"half a greeting then silence", fakeserver.Script{fakeserver.Send(fakeserver.GreetingBytes("2.6.0")[:60]), fakeserver.Stall},
			"", false, "greeting", context.DeadlineExceeded, "connect_timeout"},
		{"closed before the greeting", fakeserver.Script{fakeserver.Close}, "", false, "greeting", io.ErrUnexpectedEOF, "greeting"},
		{"not a Tarantool port", fakeserver.Script{fakeserver.Send(notIproto), fakeserver.Stall}, "", false, "greeting", iproto.ErrNotIproto, "not a Tarantool"},
		{"silent after the greeting", fakeserver.Script{fakeserver.Greeting("2.6.0"), fakeserver.Stall},
			"", false, "negotiation", context.DeadlineExceeded, "connect_timeout"},
		{"size prefix not an integer", fakeserver.Script{fakeserver.Greeting("2.6.0"), fakeserver.Read, fakeserver.Send(wire("a5 'hello'")), fakeserver.Stall},
			"", false, "negotiation", iproto.ErrMalformed, "size prefix"},
		{"header not a map", fakeserver.Script{fakeserver.Greeting("2.6.0"), fakeserver.Read, fakeserver.Send(wire("04 93 01 02 03")), fakeserver.Stall},
			"", false, "negotiation", iproto.ErrMalformed, "map"},
		{"torn frame", fakeserver.Script{fakeserver.Greeting("2.6.0"), fakeserver.Read,
			fakeserver.SendFor(func(h iproto.Header) []byte {
				return half(fakeserver.ErrorPacket(iproto.ErUnknownRequestType, h.Sync, "Unknown request type 73"))
			}), fakeserver.Close},
			"", false, "negotiation", io.ErrUnexpectedEOF, "unexpected EOF"},
		{"oversized length", fakeserver.Script{fakeserver.Greeting("2.6.0"), fakeserver.Read, fakeserver.Send(wire("ce 7fffffff 83")), fakeserver.Stall},
			"", false, "negotiation", nil, "max_reply_size"},
		{"reply to another request", fakeserver.Script{fakeserver.Greeting("2.6.0"), fakeserver.Read,
			fakeserver.SendFor(func(h iproto.Header) []byte {
				return fakeserver.ErrorPacket(iproto.ErUnknownRequestType, h.Sync+7, "Unknown request type 73")
			}), fakeserver.Stall},
			"", false, "negotiation", nil, "sync"},
		{"silent on authentication", fakeserver.Script{fakeserver.Greeting("2.6.0"), fakeserver.Read, idUnknown, fakeserver.Read, fakeserver.Stall},
			"app", false, "authentication", context.DeadlineExceeded, "connect_timeout"},
		{"authentication refused", fakeserver.Script{fakeserver.Greeting("2.6.0"), fakeserver.Read, idUnknown, fakeserver.Read,
			fakeserver.ReplyError(iproto.ErCredsMismatch, "Incorrect password supplied for user 'app'"), fakeserver.Stall},
			"app", false, "authentication", iproto.ErCredsMismatch, "Incorrect password"},
		{"silent on session setup", fakeserver.Script{fakeserver.Handshake, fakeserver.Read, fakeserver.Stall},
			"", true, "session setup", context.DeadlineExceeded, "connect_timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			leakcheck.Goroutines(t)
			srv := fakeserver.Start(t, tc.script)
			cfg := srv.Config()
			cfg.ConnectTimeout = 300 * time.Millisecond
			cfg.DisableSQLFullMetadata = !tc.fullMeta
			if tc.user != "" {
				cfg.User, cfg.Password = tc.user, password
			}
			var err error
			fakeserver.Within(t, cfg.ConnectTimeout+fakeserver.HangLimit, "Dial", func() {
				var c *engine.Conn
				if c, err = engine.Dial(context.Background(), cfg); c != nil {
					c.Close()
				}
			})
			var de *engine.DialError
			if !errors.As(err, &de) {
				t.Fatalf("got %T %v, want a *engine.DialError", err, err)
			}
			if de.Step != tc.step || de.Addr != srv.Addr() {
				t.Errorf("got step %q address %q, want %q %q (%v)", de.Step, de.Addr, tc.step, srv.Addr(), err)
			}
			if tc.cause != nil && !errors.Is(err, tc.cause) {
				t.Errorf("got %v, want it to match %v", err, tc.cause)
			}
			if !strings.Contains(err.Error(), tc.text) {
				t.Errorf("got %q, want it to mention %q", err, tc.text)
			}
			if strings.Contains(err.Error(), password) {
				t.Errorf("error %q shows the password", err)
			}
			if !de.SafeToRetry() {
				t.Errorf("a failed Dial sent no request, yet SafeToRetry is false")
			}
			if err := srv.WaitSessions(fakeserver.HangLimit); err != nil {
				t.Errorf("the client left its socket open: %v", err)
			}
		})
	}
}

// faultConn dials a fake that plays a 2.6 handshake and then script.
func faultConn(t *testing.T, cfg func(*engine.Config), script ...fakeserver.Step) (*engine.Conn, *fakeserver.Server) {
	t.Helper()
	srv := fakeserver.Start(t, append(fakeserver.Script{fakeserver.Handshake}, script...))
	c, err := engine.Dial(context.Background(), configOf(srv, cfg))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, srv
}

func configOf(srv *fakeserver.Server, f func(*engine.Config)) *engine.Config {
	cfg := srv.Config()
	cfg.RequestTimeout = 2 * time.Second
	if f != nil {
		f(cfg)
	}
	return cfg
}

// checkFailed checks a connection that failed for good: it says why, and
// a new request fails at once as not sent, safe to retry.
func checkFailed(t *testing.T, c *engine.Conn, cause string) {
	t.Helper()
	select {
	case <-c.Done():
	case <-time.After(fakeserver.HangLimit):
		t.Fatal("the connection did not report itself failed")
	}
	if c.Err() == nil || !strings.Contains(c.Err().Error(), cause) {
		t.Errorf("Err() = %v, want it to mention %q", c.Err(), cause)
	}
	var ce *engine.ConnError
	fakeserver.Within(t, fakeserver.HangLimit, "a request on the failed connection", func() {
		_, err := c.Do(context.Background(), iproto.Ping{})
		if !errors.As(err, &ce) || ce.Sent || !ce.SafeToRetry() || !errors.Is(err, engine.ErrClosed) {
			t.Errorf("request on the failed connection: got %v, want a ConnError not sent", err)
		}
	})
}

// TestFaultReplyFrame breaks the framing of a reply while two requests are
// in flight: both fail as sent (the server may have run them), the
// connection closes, and later requests fail as not sent.
func TestFaultReplyFrame(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fault    fakeserver.Script
		maxReply int
		cause    error  // errors.Is target, or nil
		text     string // in the message and in Err()
	}{
		{"closed instead of a reply", fakeserver.Script{fakeserver.Close}, 0, io.EOF, "EOF"},
		{"torn frame then close", fakeserver.Script{
			fakeserver.SendFor(func(h iproto.Header) []byte {
				return half(fakeserver.Packet(iproto.TypeOK, h.Sync, fakeserver.Data("x")))
			}),
			fakeserver.Close}, 0, io.ErrUnexpectedEOF, "unexpected EOF"},
		{"oversized reply whose header is not a map", fakeserver.Script{fakeserver.Send(append(wire("41 93 01 02 03"), make([]byte, 61)...)), fakeserver.Stall},
			64, iproto.ErrMalformed, "map"},
		{"length beyond the protocol", fakeserver.Script{fakeserver.Send(wire("cf 0000010000000000")), fakeserver.Stall}, 0, nil,
			"reply of 1099511627776 bytes exceeds the limit of 2147483648 bytes"},
		{"size prefix not an integer", fakeserver.Script{fakeserver.Send(wire("a5 'hello'")), fakeserver.Stall}, 0, iproto.ErrMalformed, "size prefix"},
		{"header not a map", fakeserver.Script{fakeserver.Send(wire("04 93 01 02 03")), fakeserver.Stall}, 0, iproto.ErrMalformed, "map"},
		{"header shorter than it says", fakeserver.Script{fakeserver.Send(wire("03 83 00 00")), fakeserver.Stall}, 0, iproto.ErrMalformed, "malformed"},
		{"request type out of range", fakeserver.Script{fakeserver.Send(wire("0b 81 00 cf 0000000100000000")), fakeserver.Stall}, 0, iproto.ErrMalformed, "out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			leakcheck.Goroutines(t)
			script := append(fakeserver.Script{fakeserver.Read, fakeserver.Read}, tc.fault...)
			c, _ := faultConn(t, func(cfg *engine.Config) { cfg.MaxReplySize = tc.maxReply }, script...)
			f1, err1 := c.Send(iproto.Ping{}, nil)
			f2, err2 := c.Send(&iproto.Call{Function: "echo", Args: []any{"x"}}, nil)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			for i, f := range []engine.Future{f1, f2} {
				fakeserver.Within(t, fakeserver.HangLimit, "Wait", func() {
					_, err := f.Wait(context.Background())
					var ce *engine.ConnError
					if !errors.As(err, &ce) || !ce.Sent || ce.SafeToRetry() {
						t.Errorf("request %d: got %v, want a ConnError saying it was sent", i+1, err)
					}
					if tc.cause != nil && !errors.Is(err, tc.cause) {
						t.Errorf("request %d: got %v, want it to match %v", i+1, err, tc.cause)
					}
					if err != nil && !strings.Contains(err.Error(), tc.text) {
						t.Errorf("request %d: got %q, want it to mention %q", i+1, err, tc.text)
					}
				})
			}
			checkFailed(t, c, tc.text)
			var tooLarge *iproto.ReplyTooLargeError
			if errors.As(c.Err(), &tooLarge) != strings.Contains(tc.text, "exceeds") {
				t.Errorf("Err() = %v: a *ReplyTooLargeError only for a length beyond the limit", c.Err())
			}
		})
	}
}

// dataMalformed checks a reply that arrives whole but whose DATA does not
// decode: Do succeeds and DecodeData reports ErrMalformed.
func dataMalformed(resp engine.Response, err error) string {
	if err != nil {
		return "Do: " + err.Error()
	}
	if _, err := resp.DecodeData(); !errors.Is(err, iproto.ErrMalformed) {
		return "DecodeData: want ErrMalformed"
	}
	return ""
}

// TestFaultReplyBody sends replies whose frame is sound but whose body is
// garbage: the request gets a clear error, and the connection, still in
// step with the server, serves the next request.
func TestFaultReplyBody(t *testing.T) {
	okReply := fakeserver.Script{fakeserver.Read, fakeserver.Reply(fakeserver.Data("next")), fakeserver.Stall}
	for _, tc := range []struct {
		name  string
		reply func(h iproto.Header) []byte
		check func(resp engine.Response, err error) string // "" when right
	}{
		{"DATA length beyond the body", func(h iproto.Header) []byte {
			return fakeserver.Packet(iproto.TypeOK, h.Sync, wire("81 30 dd ffffffff 01"))
		}, dataMalformed},
		{"body not a map", func(h iproto.Header) []byte {
			return fakeserver.Packet(iproto.TypeOK, h.Sync, wire("c1 c1 c1"))
		}, dataMalformed},
		{"error reply with a garbage body", func(h iproto.Header) []byte {
			return fakeserver.Packet(iproto.TypeErrorFlag|iproto.RequestType(iproto.ErNoSuchSpace), h.Sync, wire("81 31 db ffffffff"))
		}, func(resp engine.Response, err error) string {
			if !errors.Is(err, iproto.ErNoSuchSpace) || !strings.Contains(err.Error(), "ER_NO_SUCH_SPACE") {
				return "want an error with the reply's code ER_NO_SUCH_SPACE"
			}
			return ""
		}},
		{"error stack of garbage", func(h iproto.Header) []byte {
			return fakeserver.Packet(iproto.TypeErrorFlag|iproto.RequestType(iproto.ErAccessDenied), h.Sync, wire("82 31 a4 'deny' 52 81 00 91 c1"))
		}, func(resp engine.Response, err error) string {
			if !errors.Is(err, iproto.ErAccessDenied) {
				return "want ER_ACCESS_DENIED"
			}
			return ""
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			leakcheck.Goroutines(t)
			script := append(fakeserver.Script{fakeserver.Read, fakeserver.SendFor(tc.reply)}, okReply...)
			c, _ := faultConn(t, nil, script...)
			fakeserver.Within(t, fakeserver.HangLimit, "Do", func() {
				resp, err := c.Do(context.Background(), iproto.Ping{})
				if msg := tc.check(resp, err); msg != "" {
					t.Errorf("got %v: %s", err, msg)
				}
				resp.Release()
			})
			got, err := doErr(c, iproto.Ping{})
			if err != nil || !reflect.DeepEqual(got, []any{"next"}) {
				t.Errorf("next request: got %v, %v, want [next]", got, err)
			}
			if c.Err() != nil {
				t.Errorf("connection failed: %v", c.Err())
			}
		})
	}
}

// TestFaultLateReply has the server answer a request after its caller gave
// up, and a sync nobody sent: both replies are dropped and each caller gets
// its own reply.
func TestFaultLateReply(t *testing.T) {
	leakcheck.Goroutines(t)
	var syncA uint64
	c, _ := faultConn(t, nil,
		fakeserver.Read, // A: answered only after B arrives
		func(s *fakeserver.Session) error { syncA = s.Last.Sync; return nil },
		fakeserver.Read, // B
		fakeserver.SendFor(func(h iproto.Header) []byte {
			return append(fakeserver.Packet(iproto.TypeOK, h.Sync+1000, fakeserver.Data("stray")),
				fakeserver.Packet(iproto.TypeOK, syncA, fakeserver.Data("late"))...)
		}),
		fakeserver.Reply(fakeserver.Data("B")),
		fakeserver.Read,
		fakeserver.Reply(fakeserver.Data("C")),
		fakeserver.Stall,
	)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	fakeserver.Within(t, fakeserver.HangLimit, "a request the server does not answer", func() {
		if _, err := c.Do(ctx, iproto.Ping{}); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("got %v, want context.DeadlineExceeded", err)
		}
	})
	for _, want := range []string{"B", "C"} {
		if got, err := doErr(c, iproto.Ping{}); err != nil || !reflect.DeepEqual(got, []any{want}) {
			t.Errorf("got %v, %v, want [%s]", got, err, want)
		}
	}
	if c.Err() != nil {
		t.Errorf("connection failed: %v", c.Err())
	}
}

// TestFaultSilentServer: a server that stops answering between replies
// cannot be told from a slow procedure. The request times out and the
// connection stays open for the replies still to come.
func TestFaultSilentServer(t *testing.T) {
	leakcheck.Goroutines(t)
	c, _ := faultConn(t, func(cfg *engine.Config) { cfg.RequestTimeout = 200 * time.Millisecond }, fakeserver.Stall)
	fakeserver.Within(t, 200*time.Millisecond+fakeserver.HangLimit, "a request to a silent server", func() {
		_, err := c.Do(context.Background(), iproto.Ping{})
		var te *engine.TimeoutError
		if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) || te.Limit != 200*time.Millisecond {
			t.Errorf("got %v, want a TimeoutError of 200ms", err)
		}
	})
	if c.Err() != nil {
		t.Errorf("connection failed: %v", c.Err())
	}
}

// TestFaultStallMidReply: a server that stops in the middle of a reply
// leaves the connection out of step for good. The request gets its
// timeout, and the connection fails once the rest of the reply has not
// come for request_timeout, so that it is not used again.
func TestFaultStallMidReply(t *testing.T) {
	leakcheck.Goroutines(t)
	const timeout = 200 * time.Millisecond
	c, _ := faultConn(t, func(cfg *engine.Config) { cfg.RequestTimeout = timeout },
		fakeserver.Read,
		fakeserver.SendFor(func(h iproto.Header) []byte {
			return half(fakeserver.Packet(iproto.TypeOK, h.Sync, fakeserver.Data("xxxxxxxx")))
		}),
		fakeserver.Stall)
	fakeserver.Within(t, timeout+fakeserver.HangLimit, "a request whose reply stops half way", func() {
		_, err := c.Do(context.Background(), iproto.Ping{})
		var te *engine.TimeoutError
		var ce *engine.ConnError
		if !errors.As(err, &te) && !(errors.As(err, &ce) && ce.Sent) {
			t.Errorf("got %v, want a TimeoutError or a ConnError saying it was sent", err)
		}
	})
	checkFailed(t, c, "middle of a reply")
}

// wire is wirenote.Parse, short for the fault tables.
var wire = wirenote.Parse
