package engine

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/tntsql/tarantool/iproto"
)

// DialError is the error of a failed Dial: which step failed and why.
type DialError struct {
	Addr string // the address dialed
	Step string // "connect", "greeting", "negotiation", "authentication", "session setup" or "role discovery"
	Err  error
}

func (e *DialError) Error() string {
	return fmt.Sprintf("tarantool: %s to %s failed: %v", e.Step, e.Addr, e.Err)
}

// Unwrap returns the cause.
func (e *DialError) Unwrap() error { return e.Err }

// SafeToRetry reports true: a connection that failed to open ran no
// request of the caller's.
func (e *DialError) SafeToRetry() bool { return true }

// Dial connects to the server cfg names: it reads the greeting, negotiates
// features with IPROTO_ID (servers before 2.10 get none), authenticates when
// cfg.User is set and applies the session settings (sql_full_metadata,
// sql_seq_scan). cfg.ConnectTimeout and ctx bound all of it, for each
// host tried.
//
// With several addresses (cfg.FallbackAddresses), or a
// cfg.TargetSessionAttrs other than TargetAny, Dial tries the hosts in
// order (at random with cfg.LoadBalanceHosts) and keeps the first that
// connects and has the role asked for; the connection then follows that
// role (Conn.Role). When none does, the error is a *HostsError naming
// each host and why.
func Dial(ctx context.Context, cfg *Config) (*Conn, error) {
	if len(cfg.FallbackAddresses) == 0 && cfg.TargetSessionAttrs == TargetAny {
		return dialTraced(ctx, cfg)
	}
	return dialHosts(ctx, cfg)
}

// dialTraced dials the one instance cfg.Address names, seen by the
// Config's ConnectTracer if it has one.
func dialTraced(ctx context.Context, cfg *Config) (*Conn, error) {
	ct, ok := cfg.Tracer.(ConnectTracer)
	if !ok {
		return dial(ctx, cfg)
	}
	start := time.Now()
	// As pgx does, the dial runs in the context the start returned, so
	// that the session setup's requests are its children.
	tctx := ct.TraceConnectStart(ctx, ConnectStart{Network: cfg.Network, Address: cfg.Address, User: cfg.User})
	c, err := dial(tctx, cfg)
	end := ConnectEnd{Conn: c, Duration: time.Since(start), Err: err}
	var de *DialError
	if errors.As(err, &de) {
		end.Step = de.Step
	}
	ct.TraceConnectEnd(tctx, end)
	return c, err
}

func dial(ctx context.Context, cfg *Config) (*Conn, error) {
	cfg = cfg.Clone()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if limit := cfg.connectTimeout(); limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
	}
	fail := func(step string, err error) error {
		ctxErr := ctx.Err()
		if dl, ok := ctx.Deadline(); ctxErr == nil && ok && !time.Now().Before(dl) {
			ctxErr = context.DeadlineExceeded // the socket deadline fired first
		}
		if ctxErr != nil && isTimeoutOrClosed(err) {
			err = fmt.Errorf("%w (connect_timeout %v)", ctxErr, cfg.connectTimeout())
		}
		return &DialError{Addr: cfg.Address, Step: step, Err: err}
	}
	var d net.Dialer
	nc, err := d.DialContext(ctx, cfg.Network, cfg.Address)
	if err != nil {
		return nil, fail("connect", err)
	}
	// The handshake runs on the caller's goroutine; a context that ends
	// interrupts its reads and writes through the socket deadline.
	if dl, ok := ctx.Deadline(); ok {
		nc.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { nc.SetDeadline(aLongTimeAgo) })
	c := newConn(cfg, nc)
	br := bufio.NewReaderSize(&c.rr, 64<<10)
	step, err := c.handshake(br)
	if !stop() || err != nil {
		nc.Close()
		if err == nil {
			err = ctx.Err()
		}
		return nil, fail(step, err)
	}
	nc.SetDeadline(time.Time{})
	c.start(br)
	if err := c.setupSession(ctx); err != nil {
		c.Close()
		return nil, fail("session setup", err)
	}
	if cfg.TargetSessionAttrs != TargetAny || cfg.FollowRole {
		if err := c.followRole(ctx); err != nil {
			c.Close()
			return nil, fail("role discovery", err)
		}
	}
	return c, nil
}

func isTimeoutOrClosed(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout() || errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// handshake reads the greeting, negotiates and authenticates, one request
// at a time, before the reader and writer goroutines start.
func (c *Conn) handshake(br *bufio.Reader) (step string, err error) {
	var g [iproto.GreetingSize]byte
	if _, err := io.ReadFull(br, g[:]); err != nil {
		return "greeting", fmt.Errorf("reading the greeting: %w", unexpectedEOF(err))
	}
	if c.greeting, err = iproto.ParseGreeting(g[:]); err != nil {
		return "greeting", err
	}
	if err := c.negotiate(br); err != nil {
		return "negotiation", err
	}
	if c.cfg.User != "" {
		auth := &iproto.Auth{User: c.cfg.User, Scramble: iproto.ChapSHA1Scramble(c.cfg.Password, c.greeting.Salt)}
		if _, err := c.roundTrip(br, auth); err != nil {
			return "authentication", fmt.Errorf("authentication as user %q: %w", c.cfg.User, err)
		}
	}
	return "", nil
}

// negotiate sends IPROTO_ID. A server older than 2.10 answers
// ER_UNKNOWN_REQUEST_TYPE: then the protocol version is 0, with no features.
func (c *Conn) negotiate(br *bufio.Reader) error {
	b, err := c.roundTrip(br, &iproto.ID{Version: iproto.ProtocolVersion, Features: clientFeatures})
	var se *iproto.Error
	if errors.As(err, &se) && se.Code == iproto.ErUnknownRequestType {
		return nil
	}
	if err != nil {
		return err
	}
	c.protocol = b.Version
	if len(b.Features) > 0 {
		d := iproto.NewDecoder(b.Features)
		n, err := d.ArrayLen()
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			f, err := d.Uint()
			if err != nil {
				return err
			}
			if f < 64 {
				c.features |= 1 << f
			}
		}
	}
	return nil
}

// roundTrip writes one request and reads its reply, during the handshake.
func (c *Conn) roundTrip(br *bufio.Reader, req iproto.Request) (iproto.Body, error) {
	var b iproto.Body
	sync := c.nextSync.Add(1)
	pkt, err := iproto.AppendPacket(nil, iproto.Header{Type: req.Type(), Sync: sync}, req)
	if err != nil {
		return b, err
	}
	if _, err := c.nc.Write(pkt); err != nil {
		return b, err
	}
	reply, err := iproto.ReadPacket(br, nil, c.cfg.maxReply())
	if err != nil {
		return b, err
	}
	h, body, err := iproto.DecodeHeader(reply)
	if err != nil {
		return b, err
	}
	if h.Sync != sync {
		return b, fmt.Errorf("tarantool: reply carries sync %d, want %d", h.Sync, sync)
	}
	if h.SchemaVersion != 0 {
		c.schemaVer.Store(h.SchemaVersion)
	}
	if err := iproto.ParseBody(body, &b); err != nil {
		return b, err
	}
	if h.Type.IsError() {
		return b, iproto.ReplyError(h.Type, &b)
	}
	return b, nil
}

// Session settings are written to _session_settings from
// iproto.VersionSettingsSpace (2.10.1), where every user may (role public);
// before it, SET SESSION through SQL needs no privilege, as SQL then needs
// none. On 3.x SQL needs the 'execute' privilege on 'sql', so a user
// without it must not be made to run SQL to connect.

// sessionSetting is one session setting to apply on connect.
type sessionSetting struct {
	name  string
	value bool
}

// sessionSettings lists the settings of the Config to apply.
func (c *Conn) sessionSettings() ([]sessionSetting, error) {
	var set []sessionSetting
	if !c.cfg.DisableSQLFullMetadata {
		set = append(set, sessionSetting{"sql_full_metadata", true})
	}
	switch c.cfg.SQLSeqScan {
	case SettingOn:
		// Servers before 2.11 have no such setting and always allow scans.
		if c.ServerVersion() >= iproto.VersionSQLSeqScan {
			set = append(set, sessionSetting{"sql_seq_scan", true})
		}
	case SettingOff:
		if c.ServerVersion() < iproto.VersionSQLSeqScan {
			return nil, &UnsupportedError{Feature: "sql_seq_scan=false", Need: iproto.VersionSQLSeqScan, Server: c.ServerVersion()}
		}
		set = append(set, sessionSetting{"sql_seq_scan", false})
	}
	return set, nil
}

// settingRequest is the request that applies s: an UPDATE of the
// _session_settings space where every user may write it, else SET SESSION.
func (c *Conn) settingRequest(s sessionSetting) iproto.Request {
	if c.ServerVersion() >= iproto.VersionSettingsSpace {
		return &iproto.Update{SpaceID: iproto.SpaceSessionSettings, Key: []any{s.name}, Ops: []any{[]any{"=", 1, s.value}}}
	}
	return &iproto.Execute{SQL: fmt.Sprintf(`SET SESSION "%s" = %t`, s.name, s.value)}
}

// setupSession applies the session settings of the Config, pipelined.
func (c *Conn) setupSession(ctx context.Context) error {
	set, err := c.sessionSettings()
	if err != nil {
		return err
	}
	futures := make([]Future, 0, len(set))
	for _, s := range set {
		f, err := c.SendContext(ctx, c.settingRequest(s), nil)
		if err != nil {
			return err
		}
		futures = append(futures, f)
	}
	var firstErr error
	for i, f := range futures {
		resp, err := f.Wait(ctx)
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("setting %s = %t: %w", set[i].name, set[i].value, err)
		}
		resp.Release()
	}
	return firstErr
}

// clientFeatures are the features this client announces in IPROTO_ID. The
// tuple-extension features are left out: with them the server would send
// tuples as MP_TUPLE, which box does not need.
var clientFeatures = []iproto.Feature{iproto.FeatureStreams, iproto.FeatureTransactions, iproto.FeatureErrorExtension,
	iproto.FeatureWatchers, iproto.FeaturePagination, iproto.FeatureSpaceAndIndexNames, iproto.FeatureWatchOnce}

// unexpectedEOF reports a stream that ended inside what was being read.
func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
