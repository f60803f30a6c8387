package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tntsql/tarantool/iproto"
)

// Following an instance's role. A connection whose Config asks for a role
// (TargetSessionAttrs other than TargetAny) learns it during Dial and
// follows it for its life: on 2.10+ from the box.status watcher, which the
// server pushes when the role changes (no polling); on older servers by
// evaluating box.info.ro every RoleCheckInterval. Role reports the last
// known role; a RoleTracer sees each change.

// DefaultRoleCheckInterval is how often a connection to a server before
// 2.10 asks for box.info.ro when Config.RoleCheckInterval is 0.
const DefaultRoleCheckInterval = time.Second

// Role returns the instance's last known role: RoleUnknown when the
// connection does not follow it (Config.TargetSessionAttrs is TargetAny
// and Config.FollowRole false).
func (c *Conn) Role() Role { return Role(c.role.Load()) }

// RoleMatches reports whether the instance still has the role the
// connection was made for: false once a connection that asked for
// read-write (or read-only) learnt that its instance changed. A pool
// retires such a connection. TargetAny and TargetPreferStandby accept any
// role, as Dial did.
func (c *Conn) RoleMatches() bool {
	switch t := c.cfg.TargetSessionAttrs; t {
	case TargetAny, TargetPreferStandby:
		return true
	default:
		return t.Accepts(c.Role())
	}
}

// RoleTracer is a Tracer that also sees the role changes of the instances
// connections follow.
type RoleTracer interface {
	// TraceRoleChange is called on the goroutine that learnt the change
	// (the connection's reader, or its poller before 2.10): it must not
	// block.
	TraceRoleChange(ctx context.Context, data RoleChange)
}

// RoleChange describes a change of an instance's role.
type RoleChange struct {
	Conn     *Conn
	Address  string
	From, To Role
	// Status is box.status's status ("running", "orphan", ...) on 2.10+,
	// empty before.
	Status string
}

// RoleLost returns a channel closed once RoleMatches turns false: the
// instance no longer has the role the connection was made for. box
// replaces such a connection when it reconnects (Config.ReconnectDelay).
func (c *Conn) RoleLost() <-chan struct{} { return c.roleLost }

// setRole records the instance's role and tells the Tracer of a change.
func (c *Conn) setRole(r Role, status string) {
	old := Role(c.role.Swap(int32(r)))
	if old == r {
		return
	}
	if rt, ok := c.cfg.Tracer.(RoleTracer); ok && old != RoleUnknown {
		rt.TraceRoleChange(context.Background(), RoleChange{Conn: c, Address: c.cfg.Address, From: old, To: r, Status: status})
	}
	// After the Tracer: whoever waits on RoleLost sees the change traced.
	if !c.RoleMatches() {
		c.roleLostOnce.Do(func() { close(c.roleLost) })
	}
}

// followRole learns the instance's role and keeps following it; it
// returns once the role is known, or with the error that kept it from
// being learnt (ctx bounds the first answer).
func (c *Conn) followRole(ctx context.Context) error {
	if c.HasFeature(iproto.FeatureWatchers) {
		return c.watchRole(ctx)
	}
	ro, err := c.readOnly(ctx)
	if err != nil {
		return err
	}
	c.setRole(roleOf(ro), "")
	go c.pollRole()
	return nil
}

func roleOf(readOnly bool) Role {
	if readOnly {
		return RoleReadOnly
	}
	return RoleReadWrite
}

// watchRole subscribes to box.status and waits for its first event.
func (c *Conn) watchRole(ctx context.Context) error {
	first := make(chan struct{})
	known := false
	_, err := c.Watch("box.status", func(_ string, data []byte) {
		ro, status, ok := parseBoxStatus(data)
		if !ok {
			return
		}
		c.setRole(roleOf(ro), status)
		if !known {
			known = true
			close(first)
		}
	})
	if err != nil {
		return err
	}
	select {
	case <-first:
		return nil
	case <-c.closed:
		return c.failure()
	case <-ctx.Done():
		return fmt.Errorf("no box.status event: %w", ctx.Err())
	}
}

// parseBoxStatus reads is_ro and status from a box.status value.
func parseBoxStatus(data []byte) (readOnly bool, status string, ok bool) {
	v, err := iproto.NewDecoder(data).Any()
	if err != nil {
		return false, "", false
	}
	m, _ := v.(map[string]any)
	ro, ok := m["is_ro"].(bool)
	status, _ = m["status"].(string)
	return ro, status, ok
}

// errRoleNeedsEval explains a refused box.info.ro before 2.10.
var errRoleNeedsEval = errors.New("tarantool: following an instance's role before Tarantool 2.10 evaluates box.info.ro, which needs the execute privilege on universe (2.10+ pushes box.status instead)")

// readOnly asks the server for box.info.ro.
func (c *Conn) readOnly(ctx context.Context) (bool, error) {
	resp, err := c.Do(ctx, &iproto.Eval{Expr: "return box.info.ro"})
	if err != nil {
		if errors.Is(err, iproto.ErAccessDenied) {
			return false, fmt.Errorf("%w: %w", errRoleNeedsEval, err)
		}
		return false, err
	}
	defer resp.Release()
	data, err := resp.DecodeData()
	if err != nil {
		return false, err
	}
	if len(data) != 1 {
		return false, fmt.Errorf("tarantool: box.info.ro gave %d values, want 1", len(data))
	}
	ro, ok := data[0].(bool)
	if !ok {
		return false, fmt.Errorf("tarantool: box.info.ro is %T, not a boolean", data[0])
	}
	return ro, nil
}

// pollRole asks for box.info.ro every RoleCheckInterval until the
// connection ends (servers before 2.10).
func (c *Conn) pollRole() {
	every := c.cfg.RoleCheckInterval
	if every <= 0 {
		every = DefaultRoleCheckInterval
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-c.closed:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), every)
		ro, err := c.readOnly(ctx)
		cancel()
		if err == nil {
			c.setRole(roleOf(ro), "")
		}
	}
}
