package engine_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

func dial(t testing.TB) *engine.Conn {
	t.Helper()
	s := tnttest.Require(t)
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// do runs req and decodes the reply's DATA with Decoder.Any.
func do(t testing.TB, c *engine.Conn, req iproto.Request) []any {
	t.Helper()
	data, err := doErr(c, req)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func doErr(c *engine.Conn, req iproto.Request) ([]any, error) {
	resp, err := c.Do(context.Background(), req)
	if err != nil {
		return nil, err
	}
	defer resp.Release()
	return resp.DecodeData()
}

func TestPing(t *testing.T) {
	c := dial(t)
	resp, err := c.Do(context.Background(), iproto.Ping{})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Release()
	if resp.Header().Type != iproto.TypeOK {
		t.Fatalf("got reply type %v, want OK", resp.Header().Type)
	}
	if c.SchemaVersion() == 0 {
		t.Errorf("schema version not tracked")
	}
}

func TestNegotiation(t *testing.T) {
	c := dial(t)
	if c.ServerVersion() != tnttest.Require(t).Version {
		t.Errorf("greeting version %v, binary says %v", c.ServerVersion(), tnttest.Require(t).Version)
	}
	streams := c.ServerVersion() >= iproto.VersionStreams
	if got := c.HasFeature(iproto.FeatureStreams); got != streams {
		t.Errorf("HasFeature(STREAMS) = %v on %v, want %v", got, c.ServerVersion(), streams)
	}
	if !streams && c.ProtocolVersion() != 0 {
		t.Errorf("protocol version %d on a server without IPROTO_ID, want 0", c.ProtocolVersion())
	}
}

func TestAuth(t *testing.T) {
	s := tnttest.Require(t)
	ctx := context.Background()

	t.Run("guest", func(t *testing.T) {
		cfg := s.Config()
		cfg.User, cfg.Password = "", ""
		c, err := engine.Dial(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		rows, err := doErr(c, &iproto.Execute{SQL: "SELECT 1 AS a"})
		if tnttest.SQLNeedsGrant(s.Version) {
			// 3.x: guest may not run SQL, and connecting ran none.
			if !errors.Is(err, iproto.ErAccessDenied) {
				t.Errorf("guest SELECT 1 on %v: got %v, %v, want ER_ACCESS_DENIED", s.Version, rows, err)
			}
		} else if err != nil || !reflect.DeepEqual(rows, []any{[]any{int64(1)}}) {
			t.Errorf("guest SELECT 1: got %v, %v", rows, err)
		}
		_, err = doErr(c, &iproto.Select{SpaceID: spaceID(t, "kv")})
		if !errors.Is(err, iproto.ErAccessDenied) {
			t.Errorf("guest select from kv: got %v, want ER_ACCESS_DENIED", err)
		}
	})

	for _, tc := range []struct {
		name, user, password string
		codes                []iproto.ErrorCode
	}{
		{"wrong password", tnttest.User, "not-the-password", []iproto.ErrorCode{iproto.ErCredsMismatch}},
		{"unknown user", "nobody", "pw-of-nobody", []iproto.ErrorCode{iproto.ErNoSuchUser, iproto.ErCredsMismatch}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := s.Config()
			cfg.User, cfg.Password = tc.user, tc.password
			c, err := engine.Dial(ctx, cfg)
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded")
			}
			var de *engine.DialError
			if !errors.As(err, &de) || de.Step != "authentication" {
				t.Errorf("got %v, want a DialError at step authentication", err)
			}
			matched := false
			for _, code := range tc.codes {
				matched = matched || errors.Is(err, code)
			}
			if !matched {
				t.Errorf("got %v, want one of codes %v", err, tc.codes)
			}
			if strings.Contains(err.Error(), tc.password) {
				t.Errorf("error %q contains the password", err)
			}
		})
	}
}

func spaceID(t testing.TB, name string) uint32 {
	t.Helper()
	s := tnttest.Require(t)
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rows := do(t, c, &iproto.Select{SpaceID: iproto.SpaceVSpace, IndexID: 2, Key: []any{name}})
	if len(rows) != 1 {
		t.Fatalf("space %s not found", name)
	}
	return uint32(rows[0].([]any)[0].(int64))
}

func TestExecuteAndSelect(t *testing.T) {
	c := dial(t)
	resp, err := c.Do(context.Background(), &iproto.Execute{SQL: `SELECT ? AS "A", :n AS "B"`, Args: []any{7, iproto.NamedArg{Name: ":n", Value: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	var b iproto.Body
	if err := resp.Parse(&b); err != nil {
		t.Fatal(err)
	}
	meta, _ := iproto.NewDecoder(b.Metadata).Any()
	data, _ := iproto.NewDecoder(b.Data).Any()
	resp.Release()
	if got := fmt.Sprint(meta); !strings.Contains(got, "0:A") || !strings.Contains(got, "0:B") {
		t.Errorf("metadata %v lacks columns A and B", got)
	}
	if !reflect.DeepEqual(data, []any{[]any{int64(7), "x"}}) {
		t.Errorf("got rows %v, want [[7 x]]", data)
	}

	kv := spaceID(t, "kv")
	key := uint64(time.Now().UnixNano())
	do(t, c, &iproto.Replace{SpaceID: kv, Tuple: []any{key, "engine"}})
	rows := do(t, c, &iproto.Select{SpaceID: kv, Key: []any{key}})
	if !reflect.DeepEqual(rows, []any{[]any{int64(key), "engine"}}) {
		t.Errorf("got %v, want [[%d engine]]", rows, key)
	}
	_, err = doErr(c, &iproto.Insert{SpaceID: kv, Tuple: []any{key, "again"}})
	if !errors.Is(err, iproto.ErTupleFound) {
		t.Errorf("duplicate insert: got %v, want ER_TUPLE_FOUND", err)
	}
}

// TestConcurrent sends 1,000 requests from 64 goroutines on one connection;
// each carries a unique value its reply must echo.
func TestConcurrent(t *testing.T) {
	c := dial(t)
	const goroutines, total = 64, 1000
	var wg sync.WaitGroup
	errs := make(chan error, total)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := g; i < total; i += goroutines {
				want := fmt.Sprintf("value-%d", i)
				got, err := doErr(c, &iproto.Call{Function: "echo", Args: []any{i, want}})
				if err != nil {
					errs <- err
					continue
				}
				if !reflect.DeepEqual(got, []any{int64(i), want}) {
					errs <- fmt.Errorf("request %d: got %v, want [%d %s]", i, got, i, want)
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestCancel(t *testing.T) {
	c := dial(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Do(ctx, &iproto.Call{Function: "sleep_echo", Args: []any{0.3, "late"}})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 250*time.Millisecond {
		t.Errorf("cancellation took %v", d)
	}
	// The connection keeps serving while the late reply is pending, and
	// after it arrives and is discarded.
	if got := do(t, c, &iproto.Call{Function: "echo", Args: []any{"after"}}); !reflect.DeepEqual(got, []any{"after"}) {
		t.Errorf("got %v after cancel", got)
	}
	time.Sleep(350 * time.Millisecond)
	if got := do(t, c, &iproto.Call{Function: "echo", Args: []any{"later"}}); !reflect.DeepEqual(got, []any{"later"}) {
		t.Errorf("got %v after the late reply", got)
	}
	if c.Err() != nil {
		t.Errorf("connection failed: %v", c.Err())
	}

	done, cancelNow := context.WithCancel(context.Background())
	cancelNow()
	if _, err := c.Do(done, iproto.Ping{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: got %v, want context.Canceled", err)
	}
}

// dialRequestTimeout connects to the shared server with
// Config.RequestTimeout d; the connection closes when the test ends.
func dialRequestTimeout(t *testing.T, d time.Duration) *engine.Conn {
	t.Helper()
	cfg := tnttest.Require(t).Config()
	cfg.RequestTimeout = d
	c, err := engine.Dial(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestRequestTimeout(t *testing.T) {
	c := dialRequestTimeout(t, 50*time.Millisecond)
	_, err := c.Do(context.Background(), &iproto.Call{Function: "sleep_echo", Args: []any{0.3}})
	var te *engine.TimeoutError
	if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want a TimeoutError matching context.DeadlineExceeded", err)
	}
	if got := do(t, c, &iproto.Call{Function: "echo", Args: []any{1}}); !reflect.DeepEqual(got, []any{int64(1)}) {
		t.Errorf("got %v after timeout", got)
	}
}

func TestPush(t *testing.T) {
	c := dial(t)
	var pushed []any
	f, err := c.Send(&iproto.Call{Function: "push_n", Args: []any{3}}, &engine.CallOptions{
		OnPush: func(body []byte) {
			var b iproto.Body
			if err := iproto.ParseBody(body, &b); err != nil {
				t.Error(err)
				return
			}
			v, _ := iproto.NewDecoder(b.Data).Any()
			pushed = append(pushed, v)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := f.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	resp.Release()
	want := []any{
		[]any{map[string]any{"i": int64(1)}},
		[]any{map[string]any{"i": int64(2)}},
		[]any{map[string]any{"i": int64(3)}},
	}
	if !reflect.DeepEqual(pushed, want) {
		t.Errorf("got pushes %v, want %v", pushed, want)
	}
}

func TestErrorStack(t *testing.T) {
	c := dial(t)
	_, err := doErr(c, &iproto.Call{Function: "raise_nested"})
	var e *iproto.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %T %v, want *iproto.Error", err, err)
	}
	if e.Code != 222 || e.Message != "outer" {
		t.Errorf("got code %d message %q, want 222 outer", e.Code, e.Message)
	}
	if len(e.Stack) != 2 || e.Stack[1].Code != 111 || e.Stack[1].Message != "inner" || e.Stack[0].Type != "ClientError" {
		t.Errorf("got stack %+v", e.Stack)
	}
	if !errors.Is(err, iproto.ErrorCode(111)) {
		t.Errorf("errors.Is does not reach the cause's code 111")
	}
	if e.Stack[0].File == "" || e.Stack[0].Line == 0 {
		t.Errorf("frame lacks file and line: %+v", e.Stack[0])
	}
}

// TestKilledServer checks that requests in flight when the server dies fail
// as sent, later ones as not sent, and the connection reports itself closed.
func TestKilledServer(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{WALMode: "none"})
	c, err := s.Dial(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	f, err := c.Send(&iproto.Call{Function: "sleep_echo", Args: []any{5}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	s.Kill()
	_, err = f.Wait(context.Background())
	var ce *engine.ConnError
	if !errors.As(err, &ce) || !ce.Sent || ce.SafeToRetry() {
		t.Errorf("in-flight request: got %v, want a ConnError with Sent", err)
	}
	select {
	case <-c.Done():
	case <-time.After(time.Second):
		t.Fatal("connection did not report itself closed")
	}
	if c.Err() == nil {
		t.Error("Err() is nil after the server died")
	}
	_, err = c.Do(context.Background(), iproto.Ping{})
	if !errors.As(err, &ce) || ce.Sent || !errors.Is(err, engine.ErrClosed) {
		t.Errorf("request after failure: got %v, want a ConnError not sent", err)
	}
}

// TestSteadyStateAllocs guards the engine's promise: a request and its
// reply allocate nothing once buffers are warm.
func TestSteadyStateAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	c := dial(t)
	cancellable, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
	}{{"background", context.Background()}, {"cancellable", cancellable}} {
		ping := func() {
			resp, err := c.Do(tc.ctx, iproto.Ping{})
			if err != nil {
				t.Fatal(err)
			}
			resp.Release()
		}
		for i := 0; i < 100; i++ {
			ping()
		}
		if n := testing.AllocsPerRun(500, ping); n > 0 {
			t.Errorf("%s: ping round trip allocates %.1f times, want 0", tc.name, n)
		}
	}
}
