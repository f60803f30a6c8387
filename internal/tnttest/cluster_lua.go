package tnttest

import (
	"fmt"
	"path/filepath"
	"strings"
)

// The cluster's servers run these scripts. Storage and router user: the
// vshard URIs name the user "storage", which vshard's schema upgrade on
// each master creates.
const (
	storageUser     = "storage"
	storagePassword = "storage"
)

// The routers' application user, with the one privilege the README says
// an application needs on a router: execute on universe (crud's router
// functions are Lua globals).
const (
	ClusterAppUser     = "crud_app"
	ClusterAppPassword = "crud_app_secret"
)

// luaPathLua prefixes package.path with the directories of LuaPathEnv.
func luaPathLua() string {
	var parts []string
	for _, d := range luaDirs() {
		parts = append(parts, filepath.Join(d, "?.lua"), filepath.Join(d, "?", "init.lua"))
	}
	return fmt.Sprintf("package.path = %q .. ';' .. package.path\n", strings.Join(parts, ";"))
}

// readyLua writes the file the harness waits for.
func readyLua(s *Server) string {
	return fmt.Sprintf("local ready = io.open(%q, 'w') ready:close()\n", filepath.Join(s.Dir, readyFile))
}

// shardingLua is the vshard configuration's sharding table and bucket
// count, a Lua expression. master = 'auto': routers and storages find
// each replica set's master by its read_only state, so a test can fail
// over by hand.
func (c *Cluster) shardingLua() string {
	var b strings.Builder
	// Zone 1 for each first storage (the master it starts with) and for
	// the routers (routerScript): vshard's callro, which crud's reads use
	// by default, then prefers the master, so that a test reads its own
	// writes, and goes to the replica only when the master is down.
	// Without zones the order is arbitrary with master = 'auto', and a
	// replica still applying a test's writes answered it without them.
	fmt.Fprintf(&b, "{bucket_count = %d, sharding = {", c.BucketCount)
	for _, rs := range c.ReplicaSets {
		fmt.Fprintf(&b, "[%q] = {master = 'auto', replicas = {", rs.UUID)
		for j, s := range rs.Servers {
			zone := ""
			if j == 0 {
				zone = "zone = 1, "
			}
			fmt.Fprintf(&b, "[%q] = {uri = %q, name = %q, %s}, ", rs.uuids[j], storageUser+":"+storagePassword+"@"+s.Addr, fmt.Sprintf("%s-%d", rs.UUID[:8], j), zone)
		}
		b.WriteString("}}, ")
	}
	b.WriteString("}}")
	return b.String()
}

// storageScript is the init script of storage j of replica set rs: the
// first is the master, the second a read-only replica.
func (c *Cluster) storageScript(s *Server, shard string, rs *ClusterReplicaSet, j int) string {
	sync := ""
	if c.opts.Synchronous {
		sync = "cfg.replication_synchro_quorum = 2 cfg.replication_synchro_timeout = 30"
	}
	isSync := "false"
	if c.opts.Synchronous {
		isSync = "true"
	}
	return luaPathLua() + fmt.Sprintf(`
vshard = require('vshard')
crud = require('crud')
local cfg = %[1]s
cfg.listen = %[2]q
cfg.work_dir = %[3]q
cfg.log = 'tarantool.log'
cfg.memtx_memory = 128 * 1024 * 1024
cfg.read_only = %[4]v
cfg.replication_connect_timeout = 30
%[5]s
vshard.storage.cfg(cfg, %[6]q)
if not box.info.ro then
    box.once('tnttest-cluster', function()
        box.schema.user.create(%[7]q, {password = %[8]q, if_not_exists = true})
        box.schema.user.grant(%[7]q, 'super', nil, nil, {if_not_exists = true})
        -- crud runs a router's call on the storages as the router's
        -- caller: the application's user exists there too, allowed to
        -- read and write the data.
        box.schema.user.create(%[12]q, {password = %[13]q})
        box.schema.user.grant(%[12]q, 'read,write', 'universe')
        local s = box.schema.space.create('customers', {is_sync = %[9]s, format = {
            {name = 'id', type = 'unsigned'},
            {name = 'bucket_id', type = 'unsigned'},
            {name = 'name', type = 'string'},
            {name = 'age', type = 'number', is_nullable = true},
        }})
        s:create_index('pk', {parts = {'id'}})
        s:create_index('bucket_id', {parts = {'bucket_id'}, unique = false})
        s:create_index('age', {parts = {'age'}, unique = false})
        %[10]s
    end)
    if %[11]v then
        -- A synchronous space on 2.10+ takes writes from the owner of
        -- the synchronous queue only.
        box.ctl.promote()
    end
    crud.init_storage{async = false}
else
    -- The replica waits for the master's schema, then serves crud's
    -- reads once the functions are there.
    local deadline = require('clock').monotonic() + 30
    while box.space.customers == nil or box.space._user.index.name:get{%[7]q} == nil do
        if require('clock').monotonic() > deadline then error('the schema did not replicate') end
        require('fiber').sleep(0.01)
    end
    crud.init_storage{async = false}
end
`, shard, s.Addr, s.Dir, j != 0, sync, rs.uuids[j], User, Password, isSync, c.opts.StorageLua, c.opts.Synchronous, ClusterAppUser, ClusterAppPassword) + readyLua(s)
}

// routerScript is a router's init script.
func (c *Cluster) routerScript(s *Server, shard string) string {
	return luaPathLua() + fmt.Sprintf(`
vshard = require('vshard')
crud = require('crud')
box.cfg{listen = %[1]q, work_dir = %[2]q, log = 'tarantool.log', memtx_memory = 64 * 1024 * 1024}
box.once('tnttest-router', function()
    box.schema.user.create(%[3]q, {password = %[4]q})
    box.schema.user.grant(%[3]q, 'super')
    box.schema.user.create(%[6]q, {password = %[7]q})
    box.schema.user.grant(%[6]q, 'execute', 'universe')
end)
local cfg = %[5]s
cfg.zone = 1 -- nearest to the first storages: see shardingLua
vshard.router.cfg(cfg)
crud.init_router()
crud.cfg{stats = true}
`, s.Addr, s.Dir, User, Password, shard, ClusterAppUser, ClusterAppPassword) + readyLua(s)
}
