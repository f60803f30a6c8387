package box

import (
	"context"
	"time"

	"github.com/tntsql/tarantool/internal/sqlsession"
	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Stream is a sequence of requests the server runs one after another, in
// which an interactive transaction can be open (Tarantool 2.10+). A
// stream belongs to the connection it was made on: it is not carried over
// a reconnection, and the server rolls back its open transaction when the
// connection drops. A Stream has every request method of Conn.
type Stream struct {
	handle
}

// TxOptions are the options of Begin.
type TxOptions struct {
	// Isolation is the transaction isolation level; IsolationDefault
	// leaves the server's txn_isolation.
	Isolation iproto.Isolation
	// Timeout rolls the transaction back on the server after this long;
	// 0 leaves the server's txn_timeout.
	Timeout time.Duration
}

// NewStream opens a stream on the current connection. It fails with an
// *engine.UnsupportedError on servers before 2.10.
func (c *Conn) NewStream(ctx context.Context) (*Stream, error) {
	ic, err := c.conn(ctx)
	if err != nil {
		return nil, err
	}
	if !ic.HasFeature(iproto.FeatureStreams) {
		return nil, &engine.UnsupportedError{Feature: "streams", Need: iproto.VersionStreams, Server: ic.ServerVersion()}
	}
	return &Stream{handle{c: c, stream: ic.NewStreamID(), ic: ic}}, nil
}

// ID returns the stream's id on its connection.
func (s *Stream) ID() uint64 { return s.stream }

// Begin starts a transaction in the stream; opts may be nil. When ctx
// ends (or request_timeout passes) after BEGIN was sent, the server may
// still begin the transaction and would keep it open as long as the
// connection lives: Begin then sends a ROLLBACK on the stream, which the
// server runs after the BEGIN, and returns the context's error.
func (s *Stream) Begin(ctx context.Context, opts *TxOptions) error {
	if !s.ic.HasFeature(iproto.FeatureTransactions) {
		return &engine.UnsupportedError{Feature: "interactive transactions", Need: iproto.VersionStreams, Server: s.ic.ServerVersion()}
	}
	req := &iproto.Begin{}
	if opts != nil {
		req.Isolation, req.Timeout = opts.Isolation, opts.Timeout
	}
	r := newResult()
	r.req = req
	res := s.run(ctx, r, nil, nil, buildAny)
	sent := r.sent()
	err := res.Err()
	if err != nil && sent {
		sqlsession.RollbackAbandoned(s.ic, s.stream, err)
	}
	return err
}

// Commit commits the stream's transaction.
func (s *Stream) Commit(ctx context.Context) error { return s.simple(ctx, iproto.Commit{}) }

// Rollback rolls the stream's transaction back.
func (s *Stream) Rollback(ctx context.Context) error { return s.simple(ctx, iproto.Rollback{}) }

func (s *Stream) simple(ctx context.Context, req iproto.Request) error {
	r := newResult()
	r.req = req
	return s.run(ctx, r, nil, nil, buildAny).Err()
}
