package engine

import (
	"fmt"
	"strings"
)

// Role is what an instance of a replica set accepts: writes, or only reads.
type Role int8

// Roles.
const (
	RoleUnknown   Role = iota // not tracked (Config.TargetSessionAttrs is TargetAny), or not known yet
	RoleReadWrite             // box.info.ro is false: the instance takes writes (a master, the leader)
	RoleReadOnly              // box.info.ro is true: a replica, a follower, an orphan, read_only=true
)

func (r Role) String() string {
	switch r {
	case RoleReadWrite:
		return "read-write"
	case RoleReadOnly:
		return "read-only"
	}
	return "unknown"
}

// TargetSessionAttrs is the role a connection's instance must have, as
// libpq's and pgx's target_session_attrs: Dial tries the hosts until one
// has it. Tarantool knows one distinction, box.info.ro, so primary means
// read-write and standby means read-only.
type TargetSessionAttrs int8

// The values of target_session_attrs.
const (
	TargetAny           TargetSessionAttrs = iota // any instance (default); the role is not tracked
	TargetReadWrite                               // read-write
	TargetReadOnly                                // read-only
	TargetPrimary                                 // primary: read-write
	TargetStandby                                 // standby: read-only
	TargetPreferStandby                           // prefer-standby: a read-only instance, else any
)

var targetNames = [...]string{"any", "read-write", "read-only", "primary", "standby", "prefer-standby"}

func (t TargetSessionAttrs) String() string {
	if t >= 0 && int(t) < len(targetNames) {
		return targetNames[t]
	}
	return fmt.Sprintf("TargetSessionAttrs(%d)", int8(t))
}

// ParseTargetSessionAttrs parses a target_session_attrs value.
func ParseTargetSessionAttrs(s string) (TargetSessionAttrs, error) {
	for i, name := range targetNames {
		if s == name {
			return TargetSessionAttrs(i), nil
		}
	}
	return TargetAny, fmt.Errorf("want one of %s", strings.Join(targetNames[:], ", "))
}

// Accepts reports whether an instance of role r suits t: for
// TargetPreferStandby, whether it is the preferred kind.
func (t TargetSessionAttrs) Accepts(r Role) bool {
	switch t {
	case TargetReadWrite, TargetPrimary:
		return r == RoleReadWrite
	case TargetReadOnly, TargetStandby, TargetPreferStandby:
		return r == RoleReadOnly
	}
	return true
}

// WrongRoleError says that an instance does not have the role a
// connection needs: at Dial, or after it changed (box.cfg{read_only=true},
// an election lost).
type WrongRoleError struct {
	Address string
	Role    Role
	Target  TargetSessionAttrs
}

func (e *WrongRoleError) Error() string {
	return fmt.Sprintf("tarantool: %s is %s, not what target_session_attrs=%s asks", e.Address, e.Role, e.Target)
}

// SafeToRetry reports true: no request of the caller's was sent.
func (e *WrongRoleError) SafeToRetry() bool { return true }

// HostsError is the error of a Dial over several hosts when none served:
// each host tried and why it was not kept, in the order tried.
type HostsError struct {
	Target TargetSessionAttrs
	Tries  []HostTry
}

// HostTry is one host a Dial tried and why it was not kept.
type HostTry struct {
	Address string
	Err     error // a *DialError, a *WrongRoleError
}

func (e *HostsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "tarantool: no host serves target_session_attrs=%s (tried %d):", e.Target, len(e.Tries))
	for i, t := range e.Tries {
		if i > 0 {
			b.WriteByte(';')
		}
		fmt.Fprintf(&b, " %s: %v", t.Address, strings.TrimPrefix(t.Err.Error(), "tarantool: "))
	}
	return b.String()
}

// Unwrap returns each host's error, for errors.Is and errors.As.
func (e *HostsError) Unwrap() []error {
	errs := make([]error, len(e.Tries))
	for i, t := range e.Tries {
		errs[i] = t.Err
	}
	return errs
}

// SafeToRetry reports true: no request of the caller's was sent.
func (e *HostsError) SafeToRetry() bool { return true }
