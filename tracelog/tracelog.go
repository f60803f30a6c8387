// Package tracelog logs what a Tarantool connection does through a
// *slog.Logger: it is an engine.Tracer (and ConnectTracer,
// ReconnectTracer and RoleTracer) for Config.Tracer, used alike by the
// database/sql driver and by box.
//
//	cfg, _ := tarantool.ParseDSN(dsn)
//	cfg.Tracer = tracelog.New(slog.Default(), nil)
//	connector, _ := tarantool.NewConnector(cfg)
//	db := sql.OpenDB(connector)
//
// Levels: requests that succeed at Debug, requests that fail at Warn (a
// caller's own cancellation at Debug), connects at Info (Warn when they
// fail), reconnection attempts and role changes of replica-set instances
// at Warn. Argument values are never logged
// unless Options.LogArgs asks for them, nor is the password ever; a
// server error's message, which may quote a request's data, is logged
// unless Options.HideServerMessages. A level the logger does not enable
// costs no formatting.
package tracelog

import (
	"context"
	"errors"
	"log/slog"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Options tune what the Tracer logs; the zero value is the default.
type Options struct {
	// LogArgs adds each request's argument values (SQL bind values,
	// CALL and EVAL arguments) to its log line. Off by default: they
	// may be personal data or secrets.
	LogArgs bool
	// RequestLevel is the level of a request that succeeded; default
	// slog.LevelDebug.
	RequestLevel *slog.Level
	// HideServerMessages logs a server error by its code alone
	// (error_code=ER_TUPLE_FOUND): some messages quote the data of the
	// request (a duplicate key's tuples on 2.11+, a Lua error's text).
	// Default false: the server's message is logged too.
	HideServerMessages bool
}

// Tracer logs requests, connects and reconnections through a
// *slog.Logger. Make it with New.
type Tracer struct {
	log        *slog.Logger
	args       bool
	hideServer bool
	reqLevel   slog.Level
}

var (
	_ engine.Tracer          = (*Tracer)(nil)
	_ engine.ConnectTracer   = (*Tracer)(nil)
	_ engine.ReconnectTracer = (*Tracer)(nil)
	_ engine.RoleTracer      = (*Tracer)(nil)
)

// New returns a Tracer logging through logger (slog.Default() when nil);
// opts may be nil.
func New(logger *slog.Logger, opts *Options) *Tracer {
	if logger == nil {
		logger = slog.Default()
	}
	t := &Tracer{log: logger, reqLevel: slog.LevelDebug}
	if opts != nil {
		t.args = opts.LogArgs
		t.hideServer = opts.HideServerMessages
		if opts.RequestLevel != nil {
			t.reqLevel = *opts.RequestLevel
		}
	}
	return t
}

// TraceRequestStart logs nothing: the end says all.
func (t *Tracer) TraceRequestStart(ctx context.Context, _ *engine.Conn, _ engine.RequestStart) context.Context {
	return ctx
}

// TraceRequestEnd logs the request: what it was, how long it took, its
// reply's size or its error.
func (t *Tracer) TraceRequestEnd(ctx context.Context, conn *engine.Conn, d engine.RequestEnd) {
	level := t.reqLevel
	msg := "tarantool request"
	switch {
	case d.Released:
		msg = "tarantool request released before its reply"
	case errors.Is(d.Err, context.Canceled):
		msg = "tarantool request cancelled"
	case d.Err != nil:
		level, msg = slog.LevelWarn, "tarantool request failed"
	}
	if !t.log.Enabled(ctx, level) {
		return
	}
	s := engine.Summarize(d.Request)
	attrs := make([]slog.Attr, 0, 9)
	attrs = append(attrs, slog.String("op", s.Operation))
	if s.Text != "" {
		attrs = append(attrs, slog.String("text", s.Text))
	}
	if s.SpaceID != 0 {
		attrs = append(attrs, slog.Uint64("space_id", uint64(s.SpaceID)))
	}
	if s.Args >= 0 {
		attrs = append(attrs, slog.Int("args", s.Args))
		if t.args {
			attrs = append(attrs, slog.Any("arg_values", s.ArgValues))
		}
	}
	attrs = append(attrs,
		slog.Uint64("sync", d.Sync),
		slog.Duration("duration", d.Duration),
		slog.String("addr", address(conn)),
	)
	if d.Err != nil {
		attrs = append(attrs, t.errorAttrs(d.Err)...)
	} else if !d.Released {
		attrs = append(attrs, slog.Int("reply_bytes", d.Bytes))
	}
	t.log.LogAttrs(ctx, level, msg, attrs...)
}

// TraceConnectStart logs nothing: the end says all.
func (t *Tracer) TraceConnectStart(ctx context.Context, _ engine.ConnectStart) context.Context {
	return ctx
}

// TraceConnectEnd logs a connect: at Info when it succeeded, at Warn with
// the failed step and the error otherwise.
func (t *Tracer) TraceConnectEnd(ctx context.Context, d engine.ConnectEnd) {
	if d.Err != nil {
		t.log.LogAttrs(ctx, slog.LevelWarn, "tarantool connect failed",
			slog.String("step", d.Step), slog.Duration("duration", d.Duration), slog.Any("error", d.Err))
		return
	}
	if t.log.Enabled(ctx, slog.LevelInfo) {
		t.log.LogAttrs(ctx, slog.LevelInfo, "tarantool connected",
			slog.String("addr", address(d.Conn)), slog.String("server", d.Conn.ServerVersion().String()),
			slog.Duration("duration", d.Duration))
	}
}

// TraceReconnect logs an attempt to reconnect at Warn: why the connection
// broke, and whether the attempt succeeded.
func (t *Tracer) TraceReconnect(ctx context.Context, d engine.Reconnect) {
	attrs := []slog.Attr{
		slog.String("addr", d.Address), slog.Int("attempt", d.Attempt),
		slog.Duration("duration", d.Duration), slog.Any("cause", d.Cause),
	}
	msg := "tarantool reconnected"
	if d.Err != nil {
		msg = "tarantool reconnect failed"
		attrs = append(attrs, slog.Any("error", d.Err))
	}
	t.log.LogAttrs(ctx, slog.LevelWarn, msg, attrs...)
}

// errorAttrs describes a request's error: the server's code and, unless
// hidden, its message; any other error in full.
func (t *Tracer) errorAttrs(err error) []slog.Attr {
	var se *iproto.Error
	if !errors.As(err, &se) {
		return []slog.Attr{slog.Any("error", err)}
	}
	attrs := []slog.Attr{slog.String("error_code", se.Code.String())}
	if !t.hideServer {
		attrs = append(attrs, slog.Any("error", err))
	}
	return attrs
}

// TraceRoleChange logs at Warn that an instance a connection follows
// changed its role (a failover, a switchover, an election).
func (t *Tracer) TraceRoleChange(ctx context.Context, d engine.RoleChange) {
	attrs := []slog.Attr{slog.String("addr", d.Address), slog.String("from", d.From.String()), slog.String("to", d.To.String())}
	if d.Status != "" {
		attrs = append(attrs, slog.String("status", d.Status))
	}
	t.log.LogAttrs(ctx, slog.LevelWarn, "tarantool instance role changed", attrs...)
}

func address(c *engine.Conn) string {
	if c == nil {
		return ""
	}
	if a := c.RemoteAddr(); a != nil {
		return a.String()
	}
	return ""
}
