package engine_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/tntsql/tarantool/internal/fakeserver"
	"github.com/tntsql/tarantool/internal/leakcheck"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// A reply above Config.MaxReplySize is skipped: its request alone fails
// with a *ReplyTooLargeError, and the connection, still in step with the
// server, serves every other request. Both readers of the socket do it:
// the reader goroutine, and a waiter reading its own reply (a leader).

// smallLimit is the MaxReplySize of these tests: the handshake's replies
// fit in it.
const smallLimit = 4096

// bigPacket returns a packet of type typ whose body holds a DATA string
// of n bytes, and its size as its prefix gives it. The packet is built
// once: each call of the function writes the sync it is given into it,
// so that a fake server sends it again and again without allocating.
func bigPacket(typ iproto.RequestType, n int) (packet func(sync uint64) []byte, size uint64) {
	p := iproto.AppendUint32Fixed(nil, 0)
	p = append(p, 0x83)
	p = iproto.AppendUint(iproto.AppendKey(p, iproto.KeyRequestType), uint64(typ))
	p = iproto.AppendKey(p, iproto.KeySync)
	at := len(p) + 1
	p = append(p, 0xcf, 0, 0, 0, 0, 0, 0, 0, 0) // uint64, patched per call
	p = iproto.AppendUint(iproto.AppendKey(p, iproto.KeySchemaVersion), 1)
	p = iproto.AppendKey(append(p, 0x81), iproto.KeyData)
	p = iproto.AppendString(iproto.AppendArrayHeader(p, 1), strings.Repeat("x", n))
	p = fakeserver.PatchSize(p)
	return func(sync uint64) []byte {
		binary.BigEndian.PutUint64(p[at:], sync)
		return p
	}, uint64(len(p) - 5)
}

// watchersID is the body of an IPROTO_ID reply announcing protocol
// version 3 with the watchers feature.
var watchersID = func() []byte {
	b := iproto.AppendUint(iproto.AppendKey([]byte{0x82}, iproto.KeyVersion), 3)
	b = iproto.AppendArrayHeader(iproto.AppendKey(b, iproto.KeyFeatures), 1)
	return iproto.AppendUint(b, uint64(iproto.FeatureWatchers))
}()

// eventPacket returns an EVENT for key with a string value, as 2.10
// sends it (sync 0).
func eventPacket(key, value string) []byte {
	b := iproto.AppendString(iproto.AppendKey([]byte{0x82}, iproto.KeyEventKey), key)
	b = iproto.AppendString(iproto.AppendKey(b, iproto.KeyEventData), value)
	return fakeserver.Packet(iproto.TypeEvent, 0, b)
}

// checkTooLarge checks that err is the error of a request whose reply of
// size bytes was refused, the connection going on: a *ReplyTooLargeError
// for the limit, naming the DSN parameter, and no connection failure.
func checkTooLarge(t *testing.T, err error, size uint64, limit int) {
	t.Helper()
	var tl *iproto.ReplyTooLargeError
	if !errors.As(err, &tl) {
		t.Fatalf("got %v (%T), want a *ReplyTooLargeError", err, err)
	}
	if (size != 0 && tl.Size != size) || tl.Size <= uint64(limit) || tl.Limit != limit {
		t.Errorf("got size %d, limit %d; want size %d, limit %d", tl.Size, tl.Limit, size, limit)
	}
	var ce *engine.ConnError
	if errors.As(err, &ce) || errors.Is(err, engine.ErrClosed) {
		t.Errorf("got %v, want the request alone to fail, not the connection", err)
	}
	for _, want := range []string{fmt.Sprint(tl.Size), fmt.Sprint(limit), "max_reply_size"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not mention %q", err, want)
		}
	}
}

// checkInStep checks that c still works: no failure, and a CALL gets its
// own reply (want, the first value of its DATA).
func checkInStep(t *testing.T, c *engine.Conn, req iproto.Request, want any) {
	t.Helper()
	if err := c.Err(); err != nil {
		t.Fatalf("the connection failed: %v", err)
	}
	resp, err := c.Do(context.Background(), req)
	if err != nil {
		t.Fatalf("request after the refused reply: %v", err)
	}
	defer resp.Release()
	got, err := resp.DecodeData()
	if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("request after the refused reply: got %v, %v; want [%v]", got, err, want)
	}
}

// allocated returns the bytes the process allocated while f ran.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// unbuffered is the most a refused 8 MiB reply may make the client
// allocate: far less than the reply, which is discarded, not buffered.
const unbuffered = 1 << 20

// TestReplyTooLargeFake: on a fake server answering EVAL with an 8 MiB
// reply and CALL with a small one, an EVAL fails alone, whether the
// reader goroutine or the waiter itself reads its reply, and the reply
// is not buffered.
func TestReplyTooLargeFake(t *testing.T) {
	big, size := bigPacket(iproto.TypeOK, 8<<20)
	serve := fakeserver.Serve(func(h iproto.Header, _ []byte) []byte {
		if h.Type == iproto.TypeEval {
			return big(h.Sync)
		}
		return fakeserver.Packet(iproto.TypeOK, h.Sync, fakeserver.Data("small"))
	})
	cfg := func(cfg *engine.Config) {
		cfg.MaxReplySize = smallLimit
		cfg.RequestTimeout = 0 // a waiter with a request timeout never leads
	}
	small := &iproto.Call{Function: "small"}

	t.Run("reader goroutine", func(t *testing.T) {
		leakcheck.Goroutines(t)
		c, _ := faultConn(t, cfg, serve)
		// A new connection's reader goroutine holds the socket until it
		// has read a reply: both replies are its to read.
		var err1, err2 error
		var resp engine.Response
		n := allocated(func() {
			f1, err := c.Send(&iproto.Eval{Expr: "big"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			f2, err := c.Send(small, nil)
			if err != nil {
				t.Fatal(err)
			}
			_, err1 = f1.Wait(context.Background())
			resp, err2 = f2.Wait(context.Background())
		})
		checkTooLarge(t, err1, size, smallLimit)
		if err2 != nil {
			t.Fatalf("the request after the big one: %v", err2)
		}
		got, err := resp.DecodeData()
		resp.Release()
		if err != nil || !reflect.DeepEqual(got, []any{"small"}) {
			t.Errorf("the request after the big one: got %v, %v; want [small]", got, err)
		}
		if c.Leads() != 0 {
			t.Errorf("%d replies read by their waiter, want 0: the test meant the reader goroutine to read", c.Leads())
		}
		if n > unbuffered {
			t.Errorf("%d bytes allocated for a refused reply of %d: it was buffered", n, size)
		}
		checkInStep(t, c, small, "small")
	})

	t.Run("leader", func(t *testing.T) {
		leakcheck.Goroutines(t)
		c, _ := faultConn(t, cfg, serve)
		// Serial requests until one is read by its waiter: from then on
		// the reader goroutine leaves the idle socket to waiters, unless
		// a pause between two requests outlasts its grace.
		for i := 0; c.Leads() == 0 && i < 100; i++ {
			checkInStep(t, c, small, "small")
		}
		led := false
		for i := 0; !led && i < 100; i++ {
			before := c.Leads()
			var err error
			n := allocated(func() { _, err = c.Do(context.Background(), &iproto.Eval{Expr: "big"}) })
			led = c.Leads() == before+1
			checkTooLarge(t, err, size, smallLimit)
			if n > unbuffered {
				t.Errorf("%d bytes allocated for a refused reply of %d: it was buffered", n, size)
			}
			checkInStep(t, c, small, "small")
		}
		if !led {
			t.Fatal("no big reply was read by its waiter; the test checks nothing")
		}
	})
}

// TestReplyTooLargeFrames: pushes and events above the limit, and a frame
// above it that breaks off.
func TestReplyTooLargeFrames(t *testing.T) {
	bigPush, pushSize := bigPacket(iproto.TypeChunk, 2*smallLimit)
	bigEvent, _ := bigPacket(iproto.TypeEvent, 2*smallLimit)
	bigReply, _ := bigPacket(iproto.TypeOK, 2*smallLimit)
	next := fakeserver.Script{fakeserver.Read, fakeserver.Reply(fakeserver.Data("next")), fakeserver.Stall}
	cfg := func(cfg *engine.Config) { cfg.MaxReplySize = smallLimit }

	t.Run("push", func(t *testing.T) {
		leakcheck.Goroutines(t)
		// The push fails its request; the final reply that follows is
		// for nobody any more, and is dropped.
		script := append(fakeserver.Script{fakeserver.Read,
			fakeserver.SendFor(func(h iproto.Header) []byte { return bigPush(h.Sync) }),
			fakeserver.SendFor(func(h iproto.Header) []byte {
				return fakeserver.Packet(iproto.TypeOK, h.Sync, fakeserver.Data("final"))
			}),
		}, next...)
		c, _ := faultConn(t, cfg, script...)
		pushes := 0
		_, err := c.DoOpts(context.Background(), &iproto.Call{Function: "push"}, &engine.CallOptions{OnPush: func([]byte) { pushes++ }})
		checkTooLarge(t, err, pushSize, smallLimit)
		checkInStep(t, c, &iproto.Call{Function: "next"}, "next")
		if pushes != 0 {
			t.Errorf("%d pushes delivered, want 0", pushes)
		}
	})

	t.Run("event", func(t *testing.T) {
		leakcheck.Goroutines(t)
		// A 2.10 peer with watchers: after the WATCH, an event too large
		// for the limit, then one that fits, then the answer to every
		// further request ("next"; nothing for the acknowledging WATCH).
		srv := fakeserver.Start(t, fakeserver.Script{
			fakeserver.Greeting("2.10.0"), fakeserver.Read, fakeserver.Reply(watchersID),
			fakeserver.Read, fakeserver.Send(bigEvent(0)), fakeserver.Send(eventPacket("k", "fits")),
			fakeserver.Serve(func(h iproto.Header, _ []byte) []byte {
				if h.Type == iproto.TypeWatch {
					return nil
				}
				return fakeserver.Packet(iproto.TypeOK, h.Sync, fakeserver.Data("next"))
			}),
		})
		c, err := engine.Dial(context.Background(), configOf(srv, cfg))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var mu sync.Mutex
		var events []string
		unwatch, err := c.Watch("k", func(_ string, data []byte) {
			v, _ := iproto.NewDecoder(data).Any()
			mu.Lock()
			events = append(events, fmt.Sprint(v))
			mu.Unlock()
		})
		if err != nil {
			t.Fatal(err)
		}
		defer unwatch()
		checkInStep(t, c, &iproto.Call{Function: "next"}, "next") // read after the events
		mu.Lock()
		defer mu.Unlock()
		if len(events) != 1 || events[0] != "fits" {
			t.Errorf("events delivered: got %q, want only the one that fits", events)
		}
	})

	t.Run("broken off", func(t *testing.T) {
		leakcheck.Goroutines(t)
		// Skipping is reading: a frame that stops half way fails the
		// connection as any torn frame does.
		c, _ := faultConn(t, cfg, fakeserver.Read,
			fakeserver.SendFor(func(h iproto.Header) []byte { return half(bigReply(h.Sync)) }),
			fakeserver.Close)
		var err error
		fakeserver.Within(t, fakeserver.HangLimit, "Do", func() {
			_, err = c.Do(context.Background(), &iproto.Call{Function: "big"})
		})
		var ce *engine.ConnError
		if !errors.As(err, &ce) || !ce.Sent || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("got %v, want a ConnError (sent) for an unexpected EOF", err)
		}
		checkFailed(t, c, "unexpected EOF")
	})
}

// TestReplyTooLargeShared runs small requests from many goroutines on one
// connection with a 4 KiB max_reply_size while one goroutine asks for
// 100 KB replies: those fail alone, every small one succeeds, and the
// connection goes on serving.
func TestReplyTooLargeShared(t *testing.T) {
	c := dialLimited(t)
	big := &iproto.Eval{Expr: "return string.rep('x', 100000)"}
	const workers, rounds, bigRounds = 8, 200, 20
	var wg sync.WaitGroup
	errs := make(chan error, workers+1)
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				want := fmt.Sprintf("%d-%d", g, i)
				got, err := doErr(c, &iproto.Call{Function: "echo", Args: []any{want}})
				if err != nil || !reflect.DeepEqual(got, []any{want}) {
					errs <- fmt.Errorf("echo %s: got %v, %v", want, got, err)
					return
				}
			}
		}()
	}
	tooLarge := make(chan error, bigRounds)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < bigRounds; i++ {
			_, err := c.Do(context.Background(), big)
			tooLarge <- err
		}
	}()
	wg.Wait()
	close(errs)
	close(tooLarge)
	for err := range errs {
		t.Error(err)
	}
	for err := range tooLarge {
		checkTooLarge(t, err, 0, smallLimit)
	}
	checkInStep(t, c, &iproto.Call{Function: "echo", Args: []any{"after"}}, "after")
}

// TestReplyTooLargeLeader: a serial caller, which reads its own reply, is
// refused a 100 KB reply with a 4 KiB max_reply_size, and goes on.
func TestReplyTooLargeLeader(t *testing.T) {
	c := dialLimited(t)
	big := &iproto.Eval{Expr: "return string.rep('x', 100000)"}
	for i := 0; c.Leads() == 0 && i < 100; i++ {
		do(t, c, iproto.Ping{})
	}
	led := false
	for i := 0; !led && i < 100; i++ {
		before := c.Leads()
		_, err := c.Do(context.Background(), big)
		led = c.Leads() == before+1
		checkTooLarge(t, err, 0, smallLimit)
		checkInStep(t, c, &iproto.Call{Function: "echo", Args: []any{i}}, int64(i))
	}
	if !led {
		t.Fatal("no big reply was read by its waiter; the test checks nothing")
	}
}

// dialLimited connects to the test server with a max_reply_size of
// smallLimit.
func dialLimited(t *testing.T) *engine.Conn {
	t.Helper()
	cfg := tnttest.Require(t).Config()
	cfg.MaxReplySize = smallLimit
	c, err := engine.Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
