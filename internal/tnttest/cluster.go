package tnttest

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/tntsql/tarantool/iproto"
)

// LuaPathEnv names the environment variable that points the cluster
// tests at the Lua modules vshard, crud, checks and errors: a directory
// holding them (crud.lua, crud/, vshard/, checks.lua, errors.lua ...), or
// several separated by ':'. The modules are fetched by the user, never
// kept in this repository.
const LuaPathEnv = "TNT_LUA_PATH"

// errNoLuaModules is why a cluster cannot start without LuaPathEnv.
var errNoLuaModules = errors.New("needs the Lua modules vshard, crud, checks and errors: set " + LuaPathEnv +
	" to the directory holding them (README, \"Sharded clusters\")")

// ClusterOptions adjust a cluster.
type ClusterOptions struct {
	// BucketCount is vshard's bucket_count; 0 means 300.
	BucketCount int
	// Synchronous makes the space customers synchronous (is_sync) with a
	// quorum of both storages of a replica set, so that a write is
	// acknowledged only once the replica has it: a test that kills a
	// master and counts acknowledged writes on the replica needs it.
	// StartCluster skips it before 2.10 (box.ctl.promote, which hands
	// the synchronous queue to the new master).
	Synchronous bool
	// StorageLua runs on each storage master after the harness's schema
	// is created (a test's own sharded spaces).
	StorageLua string
}

// Cluster is a vshard cluster on loopback running the crud module: two
// routers and two replica sets of a master and a read-only replica, the
// sharded space customers {id unsigned, bucket_id unsigned, name string,
// age number nullable} with indexes pk (id), bucket_id and age on every
// storage. Every instance has the harness's user tester.
type Cluster struct {
	Routers     []*Server
	ReplicaSets []*ClusterReplicaSet
	BucketCount int
	opts        ClusterOptions
}

// ClusterReplicaSet is one replica set of a Cluster.
type ClusterReplicaSet struct {
	UUID    string
	Servers []*Server
	uuids   []string // instance UUIDs, by server
	master  int
}

// Master returns the replica set's master.
func (rs *ClusterReplicaSet) Master() *Server { return rs.Servers[rs.master] }

// StartCluster starts a cluster of the test's own and stops it when the
// test ends. It skips when no tarantool binary or no Lua modules
// (LuaPathEnv) are there, saying which.
func StartCluster(t testing.TB, opts ClusterOptions) *Cluster {
	t.Helper()
	Require(t)
	if luaDirs() == nil {
		t.Skip(errNoLuaModules)
	}
	if opts.Synchronous {
		RequireVersion(t, iproto.VersionStreams, "box.ctl.promote, to fail a synchronous replica set over")
	}
	c, err := startCluster(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	return c
}

// luaDirs returns the directories of LuaPathEnv, nil when unset.
func luaDirs() []string {
	var dirs []string
	for _, d := range strings.Split(os.Getenv(LuaPathEnv), ":") {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

func startCluster(opts ClusterOptions) (*Cluster, error) {
	if opts.BucketCount == 0 {
		opts.BucketCount = 300
	}
	c := &Cluster{BucketCount: opts.BucketCount, opts: opts}
	// Every address is in the sharding configuration, so all are chosen
	// before any server starts. Another process may take one of these
	// ports meanwhile: the start then fails naming it.
	addr := func() (string, error) {
		port, err := freePort()
		return fmt.Sprintf("127.0.0.1:%d", port), err
	}
	var storages, routers []Options
	for i := 0; i < 2; i++ {
		rs := &ClusterReplicaSet{UUID: uuid.NewString()}
		for j := 0; j < 2; j++ {
			a, err := addr()
			if err != nil {
				return nil, err
			}
			rs.uuids = append(rs.uuids, uuid.NewString())
			storages = append(storages, Options{Addr: a})
		}
		c.ReplicaSets = append(c.ReplicaSets, rs)
	}
	for i := 0; i < 2; i++ {
		a, err := addr()
		if err != nil {
			return nil, err
		}
		routers = append(routers, Options{Addr: a})
	}
	for i, rs := range c.ReplicaSets {
		for j := range rs.uuids {
			rs.Servers = append(rs.Servers, &Server{Addr: storages[2*i+j].Addr})
		}
	}
	shard := c.shardingLua()
	// The two storages of a replica set start together: a master
	// bootstrapping waits for its replica to connect.
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for i, rs := range c.ReplicaSets {
		for j := range rs.Servers {
			o := storages[2*i+j]
			o.Script = func(s *Server) string { return c.storageScript(s, shard, rs, j) }
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Start(o)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, fmt.Errorf("storage %d of replica set %d: %w", j, i, err))
					return
				}
				rs.Servers[j] = s
			}()
		}
	}
	wg.Wait()
	if len(errs) > 0 {
		c.Stop()
		return nil, errors.Join(errs...)
	}
	for i := range routers {
		o := routers[i]
		o.Script = func(s *Server) string { return c.routerScript(s, shard) }
		s, err := Start(o)
		if err != nil {
			c.Stop()
			return nil, fmt.Errorf("router %d: %w", i, err)
		}
		c.Routers = append(c.Routers, s)
	}
	if err := c.bootstrap(); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// bootstrap distributes the buckets and waits until every router can
// write to all of them.
func (c *Cluster) bootstrap() error {
	err := c.Routers[0].Eval(`local deadline = require('clock').monotonic() + 30
		while true do
			local ok, err = vshard.router.bootstrap({if_not_bootstrapped = true})
			if ok then return end
			if require('clock').monotonic() > deadline then error(err) end
			require('fiber').sleep(0.05)
		end`)
	if err != nil {
		return fmt.Errorf("tnttest: vshard bootstrap: %w", err)
	}
	return c.waitRouters()
}

// waitRouters waits until every running router sees every bucket
// writable, within 30 s.
func (c *Cluster) waitRouters() error {
	return c.waitEachRouter("sees every bucket writable",
		"info.bucket.available_rw == n and #info.alerts == 0", "", "")
}

// waitEachRouter waits, within 30 s on each running router, until ready,
// a Lua condition on info (vshard.router.info()), n (the bucket count),
// rs_uuid and uuid (the arguments), holds; what says what is awaited.
func (c *Cluster) waitEachRouter(what, ready, rsUUID, uuid string) error {
	for i, r := range c.Routers {
		if !r.Running() {
			continue
		}
		_, err := r.EvalValues(`local n, rs_uuid, uuid = ...
			local deadline = require('clock').monotonic() + 30
			while true do
				vshard.router.discovery_wakeup()
				if vshard.router.master_search_wakeup ~= nil then vshard.router.master_search_wakeup() end
				local info = vshard.router.info()
				if `+ready+` then return end
				if require('clock').monotonic() > deadline then
					error('router: ' .. require('json').encode(info))
				end
				require('fiber').sleep(0.02)
			end`, c.BucketCount, rsUUID, uuid)
		if err != nil {
			return fmt.Errorf("tnttest: router %d never %s: %w", i, what, err)
		}
	}
	return nil
}

// Stop stops every server of the cluster.
func (c *Cluster) Stop() {
	for _, r := range c.Routers {
		r.Stop()
	}
	for _, rs := range c.ReplicaSets {
		for _, s := range rs.Servers {
			s.Stop() // one that failed to start is the placeholder with its address: Stop does nothing to it
		}
	}
}

// DSN returns a DSN naming every router, as user tester, with extra
// parameters ("" or "key=value&...").
func (c *Cluster) DSN(params string) string { return dsnOf(c.Routers, params) }

// AppDSN is DSN as ClusterAppUser, who may only execute functions on the
// routers.
func (c *Cluster) AppDSN(params string) string {
	return strings.Replace(c.DSN(params), User+":"+Password+"@", ClusterAppUser+":"+ClusterAppPassword+"@", 1)
}

// RouterDSN returns the DSN of router i alone.
func (c *Cluster) RouterDSN(i int, params string) string { return c.Routers[i].DSN(params) }

// Master returns the master of replica set rs.
func (c *Cluster) Master(rs int) *Server { return c.ReplicaSets[rs].Master() }

// Failover kills the master of replica set rs and makes its replica the
// master, as an operator does without elections (read_only = false; with
// Synchronous, a quorum of one and the synchronous queue taken over), then
// waits until every running router writes to it.
func (c *Cluster) Failover(rs int) error {
	set := c.ReplicaSets[rs]
	set.Master().Kill()
	next := 1 - set.master
	promote := "box.cfg{read_only = false}"
	if c.opts.Synchronous {
		// The replica alone is the quorum now. promote, with elections
		// off, first waits up to twice replication_synchro_timeout for
		// the dead master's CONFIRM of what it sent last (2.11): a short
		// timeout for it, then promote confirms those entries itself and
		// takes the queue. Only then the replica becomes writable: a
		// write that reached it before it owned the queue would wait in
		// the queue and hold promote up.
		promote = `box.cfg{replication_synchro_quorum = 1, replication_synchro_timeout = 0.5}
		local fiber, clock = require('fiber'), require('clock')
		local deadline = clock.monotonic() + 20
		local f, last
		while box.info.synchro.queue.owner ~= box.info.id do
			if f == nil or f:status() == 'dead' then
				f = fiber.new(function()
					local ok, err = pcall(box.ctl.promote)
					if not ok then last = tostring(err) end
				end)
			end
			if clock.monotonic() > deadline then
				error('not the queue owner: ' .. tostring(last) .. ' ' .. require('json').encode(box.info.synchro))
			end
			fiber.sleep(0.01)
		end
		box.cfg{read_only = false, replication_synchro_timeout = 30}`
	}
	if err := set.Servers[next].Eval(promote); err != nil {
		return fmt.Errorf("tnttest: promoting the replica of replica set %d: %w\n%s", rs, err, set.Servers[next].logTail())
	}
	set.master = next
	return c.waitMaster(set)
}

// waitMaster waits until every running router knows set's master.
func (c *Cluster) waitMaster(set *ClusterReplicaSet) error {
	return c.waitEachRouter("found the new master", `info.replicasets[rs_uuid] ~= nil and
		info.replicasets[rs_uuid].master ~= nil and info.replicasets[rs_uuid].master.uuid == uuid and
		info.replicasets[rs_uuid].master.status == 'available' and info.bucket.available_rw == n`,
		set.UUID, set.uuids[set.master])
}

// StorageOf returns the replica set (its index in ReplicaSets) that
// holds a bucket, as the first running router routes it.
func (c *Cluster) StorageOf(bucketID uint64) (int, error) {
	for _, r := range c.Routers {
		if !r.Running() {
			continue
		}
		v, err := r.EvalValues(`local rs, err = vshard.router.route(...)
			if rs == nil then error(err) end
			return rs.uuid or rs.id`, bucketID)
		if err != nil {
			return 0, err
		}
		for i, rs := range c.ReplicaSets {
			if len(v) > 0 && v[0] == rs.UUID {
				return i, nil
			}
		}
		return 0, fmt.Errorf("tnttest: bucket %d routes to %v, not a replica set of the cluster", bucketID, v)
	}
	return 0, errors.New("tnttest: no router runs")
}

// WaitReplicated waits until every replica has applied what its
// master had written when it was called, so that a read a replica serves
// (PreferReplica, Balance) sees those writes.
func (c *Cluster) WaitReplicated() error {
	deadline := time.Now().Add(10 * time.Second)
	for _, rs := range c.ReplicaSets {
		v, err := rs.Master().EvalValues("return box.info.id, box.info.lsn")
		if err != nil {
			return err
		}
		if len(v) != 2 {
			return fmt.Errorf("tnttest: master's id and lsn: got %v", v)
		}
		for i, s := range rs.Servers {
			if i == rs.master {
				continue
			}
			for {
				ok, err := s.EvalValues("local id, lsn = ... return (box.info.vclock[id] or 0) >= lsn", v[0], v[1])
				if err != nil {
					return err
				}
				if len(ok) == 1 && ok[0] == true {
					break
				}
				if time.Now().After(deadline) {
					return fmt.Errorf("tnttest: replica %s has not applied its master's lsn %v within 10s", s.Addr, v[1])
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
	}
	return nil
}

// CountOn counts the tuples of a space on the master of replica set rs.
func (c *Cluster) CountOn(rs int, space string) (int, error) {
	v, err := c.Master(rs).EvalValues("return box.space[...]:count()", space)
	if err != nil {
		return 0, err
	}
	switch n := v[0].(type) {
	case uint64:
		return int(n), nil
	case int64:
		return int(n), nil
	}
	return 0, fmt.Errorf("tnttest: count returned %v", v)
}

// sharedCluster is the cluster MainCluster started, nil if none;
// sharedClusterErr says why not.
var (
	sharedCluster    *Cluster
	sharedClusterErr error
)

// MainCluster runs a test package as Main does, with a shared cluster
// besides when LuaPathEnv is set: SharedCluster returns it, and
// TARANTOOL_CRUD_DSN names its routers for the package's examples, which
// are left out when there is no cluster (they cannot skip).
func MainCluster(m *testing.M) {
	os.Exit(run(m, func() func() {
		if luaDirs() == nil {
			sharedClusterErr = errNoLuaModules
		} else if shared == nil {
			sharedClusterErr = errors.New("no tarantool server (install tarantool or set TARANTOOL_BIN)")
		} else if sharedCluster, sharedClusterErr = startCluster(ClusterOptions{}); sharedClusterErr == nil {
			os.Setenv("TARANTOOL_CRUD_DSN", sharedCluster.DSN(""))
			return sharedCluster.Stop
		}
		fmt.Fprintln(os.Stderr, "tnttest: no cluster:", sharedClusterErr)
		onlyTests()
		return func() {}
	}))
}

// SharedCluster returns the package's shared cluster (MainCluster), or
// skips the test saying why there is none; a cluster that failed to start
// fails the test.
func SharedCluster(t testing.TB) *Cluster {
	t.Helper()
	Require(t)
	if sharedCluster == nil {
		if errors.Is(sharedClusterErr, errNoLuaModules) {
			t.Skip(sharedClusterErr)
		}
		t.Fatal(sharedClusterErr)
	}
	return sharedCluster
}
