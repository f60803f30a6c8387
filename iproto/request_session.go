package iproto

import "time"

// Ping is a PING request.
type Ping struct{}

// Type returns TypePing.
func (Ping) Type() RequestType { return TypePing }

// AppendBody appends nothing: PING has no body.
func (Ping) AppendBody(dst []byte) ([]byte, error) { return dst, nil }

// ID is an IPROTO_ID request announcing the client's protocol version and
// features (2.10+; older servers answer ER_UNKNOWN_REQUEST_TYPE).
type ID struct {
	Version  uint64
	Features []Feature
}

// Type returns TypeID.
func (ID) Type() RequestType { return TypeID }

// AppendBody appends {VERSION, FEATURES}.
func (r ID) AppendBody(dst []byte) ([]byte, error) {
	dst = append(dst, 0x82)
	dst = AppendUint(AppendKey(dst, KeyVersion), r.Version)
	dst = AppendArrayHeader(AppendKey(dst, KeyFeatures), len(r.Features))
	for _, f := range r.Features {
		dst = AppendUint(dst, uint64(f))
	}
	return dst, nil
}

// Begin starts a transaction in a stream (2.10+). Zero fields are left out
// and take the server's defaults.
type Begin struct {
	Timeout   time.Duration
	Isolation Isolation
}

// Type returns TypeBegin.
func (Begin) Type() RequestType { return TypeBegin }

// AppendBody appends {TIMEOUT: float64 seconds, TXN_ISOLATION}.
func (r Begin) AppendBody(dst []byte) ([]byte, error) {
	n := 0
	if r.Timeout > 0 {
		n++
	}
	if r.Isolation != IsolationDefault {
		n++
	}
	if n == 0 {
		return dst, nil
	}
	dst = append(dst, 0x80|byte(n))
	if r.Timeout > 0 {
		dst = AppendFloat64(AppendKey(dst, KeyTimeout), r.Timeout.Seconds())
	}
	if r.Isolation != IsolationDefault {
		dst = AppendUint(AppendKey(dst, KeyTxnIsolation), uint64(r.Isolation))
	}
	return dst, nil
}

// Commit commits the stream's transaction (2.10+).
type Commit struct{}

// Type returns TypeCommit.
func (Commit) Type() RequestType { return TypeCommit }

// AppendBody appends nothing.
func (Commit) AppendBody(dst []byte) ([]byte, error) { return dst, nil }

// Rollback rolls back the stream's transaction (2.10+).
type Rollback struct{}

// Type returns TypeRollback.
func (Rollback) Type() RequestType { return TypeRollback }

// AppendBody appends nothing.
func (Rollback) AppendBody(dst []byte) ([]byte, error) { return dst, nil }

// Watch subscribes to a key, or acknowledges its last event (2.10+). The
// server sends no reply, only EVENT packets.
type Watch struct{ Key string }

// Type returns TypeWatch.
func (Watch) Type() RequestType { return TypeWatch }

// AppendBody appends {EVENT_KEY}.
func (r Watch) AppendBody(dst []byte) ([]byte, error) {
	return AppendString(AppendKey(append(dst, 0x81), KeyEventKey), r.Key), nil
}

// Unwatch cancels a subscription (2.10+). No reply.
type Unwatch struct{ Key string }

// Type returns TypeUnwatch.
func (Unwatch) Type() RequestType { return TypeUnwatch }

// AppendBody appends {EVENT_KEY}.
func (r Unwatch) AppendBody(dst []byte) ([]byte, error) {
	return AppendString(AppendKey(append(dst, 0x81), KeyEventKey), r.Key), nil
}
