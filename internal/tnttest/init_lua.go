package tnttest

import (
	"fmt"

	"github.com/tntsql/tarantool/iproto"
)

// VersionMVCC is the first version with memtx MVCC and interactive
// (stream) transactions.
var VersionMVCC = iproto.VersionStreams

func (s *Server) initScript() string {
	wal := s.opts.WALMode
	if wal == "" {
		wal = "write"
	}
	extraCfg := ""
	if s.opts.MVCC && s.Version >= VersionMVCC {
		extraCfg = "memtx_use_mvcc_engine = true,"
	}
	if len(s.opts.Replication) > 0 {
		extraCfg += "replication = {"
		for _, uri := range s.opts.Replication {
			extraCfg += fmt.Sprintf("%q, ", uri)
		}
		extraCfg += "},"
	}
	if s.opts.ReadOnly {
		extraCfg += "read_only = true,"
	}
	return fmt.Sprintf(`
box.cfg{work_dir = %[1]q, log = 'tarantool.log', wal_mode = %[2]q, memtx_memory = 128 * 1024 * 1024, %[3]s}
box.once('tnttest-schema', function()
    box.schema.user.create(%[4]q, {password = %[5]q})
    box.schema.user.grant(%[4]q, 'super')
    local kv = box.schema.space.create('kv', {format = {
        {name = 'k', type = 'unsigned'},
        {name = 'v', type = 'string', is_nullable = true},
    }})
    kv:create_index('pk', {parts = {'k'}})
    kv:create_index('by_v', {parts = {{field = 'v', type = 'string', is_nullable = true}}, unique = false})
    box.schema.user.create(%[6]q, {password = %[7]q})
    box.schema.user.grant(%[6]q, 'read', 'space', 'kv')
    -- On 3.x SQL is a privilege (the README's server setup grants it).
    if box.schema.user.grant ~= nil and tonumber(_TARANTOOL:match('^(%%d+)')) >= 3 then
        box.schema.user.grant(%[6]q, 'execute', 'sql')
    end
    box.execute([[CREATE TABLE items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name VARCHAR(100) NOT NULL,
        price DOUBLE,
        note TEXT)]])
end)
function echo(...) return ... end
function sleep_echo(t, ...) require('fiber').sleep(t) return ... end
-- Gates order a test's events without sleeping: gate_wait(name, ...)
-- blocks its request until gate_open(name), then returns ...;
-- gate_waiting(name) counts the requests blocked there; gate_open
-- returns once every one of them has woken. A gate stays open.
GATES = {}
local function gate(name)
    local g = GATES[name]
    if g == nil then
        g = {cond = require('fiber').cond(), open = false, waiting = 0}
        GATES[name] = g
    end
    return g
end
function gate_wait(name, ...)
    local g = gate(name)
    g.waiting = g.waiting + 1
    while not g.open do g.cond:wait() end
    g.waiting = g.waiting - 1
    return ...
end
function gate_waiting(name) return gate(name).waiting end
function gate_open(name)
    local g = gate(name)
    g.open = true
    g.cond:broadcast()
    while g.waiting > 0 do require('fiber').sleep(0.001) end
end
function push_n(n) for i = 1, n do box.session.push({i = i}) end return n end
function raise_nested()
    local inner = box.error.new({code = 111, reason = 'inner'})
    local outer = box.error.new({code = 222, reason = 'outer'})
    outer:set_prev(inner)
    outer:raise()
end
%[8]s
box.cfg{listen = %[9]q}
-- Listening: the harness waits for this file, not for a port that another
-- process could hold.
local ready = io.open(%[10]q, 'w') ready:close()
`, s.Dir, wal, extraCfg, User, Password, ReaderUser, ReaderPassword, s.opts.ExtraLua, s.Addr, readyFile)
}
