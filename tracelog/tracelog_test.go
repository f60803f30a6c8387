package tracelog_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	tarantool "github.com/tntsql/tarantool"
	"github.com/tntsql/tarantool/box"
	"github.com/tntsql/tarantool/internal/tnttest"
	"github.com/tntsql/tarantool/tracelog"
)

func TestMain(m *testing.M) { tnttest.Main(m) }

// logBuffer collects JSON log records.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// records returns the records logged so far, decoded, and the raw text.
func (b *logBuffer) records(t *testing.T) ([]map[string]any, string) {
	t.Helper()
	b.mu.Lock()
	raw := b.buf.String()
	b.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(raw), "\n") {
		if line == "" {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, r)
	}
	return out, raw
}

// find returns the records whose msg is msg.
func find(recs []map[string]any, msg string) []map[string]any {
	var out []map[string]any
	for _, r := range recs {
		if r["msg"] == msg {
			out = append(out, r)
		}
	}
	return out
}

// openDB opens a pool whose connections log through a JSON logger at
// Debug into the returned buffer.
func openDB(t *testing.T, opts *tracelog.Options) (*sql.DB, *logBuffer) {
	t.Helper()
	s := tnttest.Require(t)
	lb := &logBuffer{}
	logger := slog.New(slog.NewJSONHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg, err := tarantool.ParseDSN(s.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Tracer = tracelog.New(logger, opts)
	connector, err := tarantool.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	t.Cleanup(func() { db.Close() })
	return db, lb
}

func TestLogRequests(t *testing.T) {
	db, lb := openDB(t, nil)
	var v string
	if err := db.QueryRow(`SELECT ?`, "secret-value").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`SELECT * FROM no_such_table_for_log`); err == nil {
		t.Fatal("the query of a missing table did not fail")
	}
	recs, raw := lb.records(t)

	connected := find(recs, "tarantool connected")
	if len(connected) != 1 || connected[0]["level"] != "INFO" || connected[0]["addr"] != tnttest.Require(t).Addr {
		t.Errorf("connect records: %v", connected)
	}
	var sel map[string]any
	for _, r := range find(recs, "tarantool request") {
		if r["text"] == "SELECT ?" {
			sel = r
		}
	}
	if sel == nil {
		t.Fatalf("no record of the SELECT in:\n%s", raw)
	}
	if sel["level"] != "DEBUG" || sel["op"] != "EXECUTE" || sel["args"] != float64(1) || sel["reply_bytes"] == nil || sel["duration"] == nil {
		t.Errorf("SELECT record: %v", sel)
	}
	failed := find(recs, "tarantool request failed")
	if len(failed) != 1 || failed[0]["level"] != "WARN" || !strings.Contains(failed[0]["error"].(string), "no_such_table_for_log") && !strings.Contains(failed[0]["error"].(string), "NO_SUCH_TABLE_FOR_LOG") {
		t.Errorf("failed request records: %v", failed)
	}
	// Neither argument values nor the password by default.
	if strings.Contains(raw, "secret-value") || strings.Contains(raw, tnttest.Password) {
		t.Errorf("the log shows an argument value or the password:\n%s", raw)
	}
}

// TestHideServerMessages: a server error is logged by its code, without
// its message (which for a duplicate key would quote the tuples).
func TestHideServerMessages(t *testing.T) {
	db, lb := openDB(t, &tracelog.Options{HideServerMessages: true})
	if _, err := db.Exec(`SELECT * FROM no_such_table_for_hidden`); err == nil {
		t.Fatal("the query of a missing table did not fail")
	}
	recs, raw := lb.records(t)
	failed := find(recs, "tarantool request failed")
	if len(failed) != 1 || failed[0]["error_code"] != "ER_NO_SUCH_SPACE" || failed[0]["error"] != nil {
		t.Errorf("failed request records: %v", failed)
	}
	if strings.Contains(raw, "does not exist") {
		t.Errorf("the server's message (Space '...' does not exist) is in the log:\n%s", raw)
	}
}

func TestLogArgs(t *testing.T) {
	db, lb := openDB(t, &tracelog.Options{LogArgs: true})
	var v string
	if err := db.QueryRow(`SELECT ?`, "shown-value").Scan(&v); err != nil {
		t.Fatal(err)
	}
	_, raw := lb.records(t)
	if !strings.Contains(raw, `"arg_values":["shown-value"]`) {
		t.Errorf("LogArgs: the value is not in the log:\n%s", raw)
	}
}

// TestLogLevels: with the logger at Info, successful requests are not
// logged (nor formatted), failures and connects are.
func TestLogLevels(t *testing.T) {
	s := tnttest.Require(t)
	lb := &logBuffer{}
	cfg := s.Config()
	cfg.Tracer = tracelog.New(slog.New(slog.NewJSONHandler(lb, &slog.HandlerOptions{Level: slog.LevelInfo})), nil)
	ctx := context.Background()
	c, err := box.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.Eval(ctx, "error('logged failure')").Err(); err == nil {
		t.Fatal("the failing eval did not fail")
	}
	recs, raw := lb.records(t)
	if len(find(recs, "tarantool request")) != 0 {
		t.Errorf("successful requests logged below the logger's level:\n%s", raw)
	}
	if len(find(recs, "tarantool connected")) != 1 || len(find(recs, "tarantool request failed")) != 1 {
		t.Errorf("want one connect and one failure record:\n%s", raw)
	}
}

// TestLogRoleChange: a pool over a replica set logs at Warn that its
// master turned read-only.
func TestLogRoleChange(t *testing.T) {
	rs := tnttest.StartReplicaSet(t, 2, tnttest.Options{})
	lb := &logBuffer{}
	cfg, err := tarantool.ParseDSN(rs.DSN("target_session_attrs=read-write&role_check_interval=20ms"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Tracer = tracelog.New(slog.New(slog.NewJSONHandler(lb, nil)), nil)
	ctx := context.Background()
	c, err := box.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := rs.Promote(1); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		recs, raw := lb.records(t)
		if got := find(recs, "tarantool instance role changed"); len(got) > 0 {
			r := got[0]
			if r["level"] != "WARN" || r["addr"] != rs.Servers[0].Addr || r["from"] != "read-write" || r["to"] != "read-only" {
				t.Errorf("role change record: %v", r)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no role change logged within 10s:\n%s", raw)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestLogReconnect: a box connection whose server restarts logs the
// failed attempts and the reconnection at Warn, with the cause.
func TestLogReconnect(t *testing.T) {
	s := tnttest.StartPrivate(t, tnttest.Options{})
	lb := &logBuffer{}
	cfg := s.Config()
	cfg.ReconnectDelay = 20 * time.Millisecond
	cfg.Tracer = tracelog.New(slog.New(slog.NewJSONHandler(lb, nil)), nil)
	ctx := context.Background()
	c, err := box.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	first := c.EngineConn()
	s.Kill()
	<-first.Done()
	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := c.Ping(wctx); err != nil {
		t.Fatal(err)
	}
	recs, raw := lb.records(t)
	ok := find(recs, "tarantool reconnected")
	if len(ok) != 1 || ok[0]["level"] != "WARN" || ok[0]["cause"] == nil || ok[0]["addr"] != s.Addr {
		t.Errorf("reconnected records: %v\nlog:\n%s", ok, raw)
	}
	for _, r := range find(recs, "tarantool reconnect failed") {
		if r["error"] == nil || r["level"] != "WARN" {
			t.Errorf("failed attempt record: %v", r)
		}
	}
	if st := c.Stats(); st.Reconnects != 1 {
		t.Errorf("box Stats: %d reconnects, want 1", st.Reconnects)
	}
}
