package tnttest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// ReplicaSet is a replica set of servers replicating to each other on
// loopback: Servers[0] the master, the others read-only replicas.
type ReplicaSet struct {
	Servers []*Server
}

// StartReplicaSet starts n instances: a master, then n-1 replicas that
// join from it (read_only = true), each listing the instances started
// before it (2.11+ bootstraps only from all the members it knows of),
// then connects them all to all (a full mesh, so that any of them can
// become the master). The servers stop when the test ends; it skips like
// Require.
func StartReplicaSet(t testing.TB, n int, opts Options) *ReplicaSet {
	t.Helper()
	master := StartPrivate(t, opts)
	rs := &ReplicaSet{Servers: []*Server{master}}
	for i := 1; i < n; i++ {
		o := opts
		o.Replication = nil
		for _, s := range rs.Servers {
			o.Replication = append(o.Replication, s.URI())
		}
		o.ReadOnly = true
		rs.Servers = append(rs.Servers, StartPrivate(t, o))
	}
	var uris []string
	for _, s := range rs.Servers {
		uris = append(uris, fmt.Sprintf("%q", s.URI()))
	}
	mesh := "box.cfg{replication = {" + strings.Join(uris, ", ") + "}}"
	for _, s := range rs.Servers {
		if err := s.Eval(mesh); err != nil {
			t.Fatalf("tnttest: connecting the replica set: %v", err)
		}
	}
	// Reconfiguring replication may leave an instance syncing (or
	// orphan, read-only) for a moment: a test must start from a set whose
	// master is writable, not see that pass as a role change.
	for _, s := range rs.Servers {
		err := s.Eval(`local deadline = require('clock').monotonic() + 30
			while box.info.status ~= 'running' do
				if require('clock').monotonic() > deadline then error('status ' .. box.info.status) end
				require('fiber').sleep(0.005)
			end`)
		if err != nil {
			t.Fatalf("tnttest: %s did not reach status running: %v", s.Addr, err)
		}
	}
	return rs
}

// URI returns the server's replication URI: user:password@address.
func (s *Server) URI() string { return User + ":" + Password + "@" + s.Addr }

// Eval evaluates a Lua chunk on the server as user tester, within 30 s.
func (s *Server) Eval(expr string, args ...any) error {
	_, err := s.EvalValues(expr, args...)
	return err
}

// EvalValues evaluates a Lua chunk on the server as user tester, within
// 30 s, and returns what it returns.
func (s *Server) EvalValues(expr string, args ...any) ([]any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := s.Dial(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if args == nil {
		args = []any{}
	}
	resp, err := c.Do(ctx, &iproto.Eval{Expr: expr, Args: args})
	if err != nil {
		return nil, err
	}
	defer resp.Release()
	return resp.DecodeData()
}

// DSN returns a DSN naming every instance, as user tester, with extra
// parameters ("" or "key=value&...").
func (rs *ReplicaSet) DSN(params string) string { return dsnOf(rs.Servers, params) }

// dsnOf returns a DSN naming every server, as user tester, with extra
// parameters.
func dsnOf(servers []*Server, params string) string {
	var addrs []string
	for _, s := range servers {
		addrs = append(addrs, s.Addr)
	}
	dsn := fmt.Sprintf("tarantool://%s:%s@%s", User, Password, strings.Join(addrs, ","))
	if params != "" {
		dsn += "?" + params
	}
	return dsn
}

// Config returns an engine.Config naming every instance, as user tester.
func (rs *ReplicaSet) Config() *engine.Config {
	c := rs.Servers[0].Config()
	for _, s := range rs.Servers[1:] {
		c.FallbackAddresses = append(c.FallbackAddresses, s.Addr)
	}
	return c
}

// Promote makes Servers[i] the master by hand, as an operator does on a
// replica set without elections: read_only = false on it. The others
// that run are made read-only first.
func (rs *ReplicaSet) Promote(i int) error {
	for j, s := range rs.Servers {
		if j != i && s.Running() {
			if err := s.Eval("box.cfg{read_only = true}"); err != nil {
				return err
			}
		}
	}
	return rs.Servers[i].Eval("box.cfg{read_only = false}")
}

// WaitSynced waits, within 30 s, until every running replica has applied
// everything Servers[i] has written.
func (rs *ReplicaSet) WaitSynced(i int) error {
	src := rs.Servers[i]
	v, err := src.EvalValues("return box.info.id, box.info.lsn")
	if err != nil {
		return err
	}
	if len(v) != 2 {
		return fmt.Errorf("tnttest: box.info.id, lsn: got %v", v)
	}
	for j, s := range rs.Servers {
		if j == i || !s.Running() {
			continue
		}
		err := s.Eval(`local id, lsn = ...
			local deadline = require('clock').monotonic() + 30
			while (box.info.vclock[id] or 0) < lsn do
				if require('clock').monotonic() > deadline then error('replica did not catch up') end
				require('fiber').sleep(0.005)
			end`, v[0], v[1])
		if err != nil {
			return fmt.Errorf("tnttest: %s catching up with %s: %w", s.Addr, src.Addr, err)
		}
	}
	return nil
}

// Running reports whether the server's process runs.
func (s *Server) Running() bool {
	if s.cmd == nil {
		return false
	}
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// VersionElections is the first version this harness runs Raft elections
// on (election_mode exists since 2.6.1; box.status and automatic
// promotion of the synchronous queue since 2.10).
var VersionElections = iproto.MakeVersion(2, 10, 0)

// StartElections turns on Raft elections in the replica set: every
// instance a candidate, quorum 2, fast failure detection
// (replication_timeout 0.1 s, election_timeout 0.5 s), none read-only by
// configuration; it returns the index of the leader elected, within 30 s.
func (rs *ReplicaSet) StartElections() (int, error) {
	for _, s := range rs.Servers {
		err := s.Eval(`box.cfg{replication_timeout = 0.1, election_timeout = 0.5,
			replication_synchro_quorum = 2, replication_synchro_timeout = 5,
			election_mode = 'candidate', read_only = false}`)
		if err != nil {
			return -1, err
		}
	}
	return rs.WaitLeader(30 * time.Second)
}

// WaitLeader waits until one running instance is the elected leader and
// writable, and returns its index.
func (rs *ReplicaSet) WaitLeader(within time.Duration) (int, error) {
	deadline := time.Now().Add(within)
	for {
		for i, s := range rs.Servers {
			if !s.Running() {
				continue
			}
			v, err := s.EvalValues("return box.info.election.state, box.info.ro")
			if err == nil && len(v) == 2 && v[0] == "leader" && v[1] == false {
				return i, nil
			}
		}
		if time.Now().After(deadline) {
			return -1, fmt.Errorf("tnttest: no leader elected within %v", within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
