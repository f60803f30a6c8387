-- The net.box side of tntload: one net.box connection, one row, run over
-- cfg.fibers fibers after cfg.warmup unmeasured requests. Configuration
-- comes as JSON in TNTLOAD_NETBOX; output is JSON lines on stdout:
--   {"progress": n}       requests taken so far (a few times a second)
--   {"result": {...}}     requests, elapsed_ns, latency_ns[], error
--   {"error": "..."}      the run could not start
local fiber = require('fiber')
local clock = require('clock')
local json = require('json')
local net_box = require('net.box')

local function emit(t)
    io.stdout:write(json.encode(t), '\n')
    io.stdout:flush()
end

local function fail(msg)
    emit({error = msg})
    os.exit(1)
end

local cfg_text = os.getenv('TNTLOAD_NETBOX')
if cfg_text == nil then
    fail('TNTLOAD_NETBOX is not set')
end
local cfg = json.decode(cfg_text)

local opts = {wait_connected = true, connect_timeout = 10}
if cfg.user ~= '' then
    opts.user, opts.password = cfg.user, cfg.password
end
local conn = net_box.connect(cfg.uri, opts)
if not conn:is_connected() then
    fail(string.format('net.box cannot connect to %s: %s', cfg.uri, tostring(conn.error)))
end

local keys = cfg.keys
local space = conn.space[cfg.space]
if space == nil then
    fail('net.box sees no space ' .. cfg.space)
end
local sql, value = cfg.sql, cfg.value
local call_func, eval_expr = cfg.call, cfg.eval

local stmt_id
if cfg.row == 'prepared' then
    local ok, stmt = pcall(conn.prepare, conn, sql)
    if not ok then
        fail('net.box prepare: ' .. tostring(stmt))
    end
    stmt_id = stmt.stmt_id
end

-- ops[row](i) sends request i the way a net.box user writes it, and
-- raises on an error or a wrong reply.
local ops = {
    ping = function()
        if not conn:ping() then
            error('ping failed: ' .. tostring(conn.error))
        end
    end,
    select = function(i)
        local k = (i - 1) % keys + 1
        local r = space:select(k)
        if #r ~= 1 then
            error(string.format('select %d returned %d tuples', k, #r))
        end
    end,
    replace = function(i)
        space:replace({(i - 1) % keys + 1, value})
    end,
    update = function(i)
        space:update((i - 1) % keys + 1, {{'=', 2, value}})
    end,
    call = function(i)
        conn:call(call_func, {i})
    end,
    eval = function(i)
        conn:eval(eval_expr, {i})
    end,
    execute = function(i)
        local k = (i - 1) % keys + 1
        local r = conn:execute(sql, {k})
        if #r.rows ~= 1 then
            error(string.format('execute %d returned %d rows', k, #r.rows))
        end
    end,
    prepared = function(i)
        local k = (i - 1) % keys + 1
        local r = conn:execute(stmt_id, {k})
        if #r.rows ~= 1 then
            error(string.format('prepared execute %d returned %d rows', k, #r.rows))
        end
    end,
}
local op = ops[cfg.row]
if op == nil then
    fail('unknown row ' .. tostring(cfg.row))
end

-- run sends up to n requests over fibers fibers for at most duration
-- seconds, stopping at the first error; latencies go to lat (seconds).
local function run(n, duration, report)
    local next_i, nlat, stop, first_err = 0, 0, false, nil
    local started = false
    local lat = {}
    local go, finished = fiber.cond(), fiber.channel(cfg.fibers)
    local deadline
    for _ = 1, cfg.fibers do
        fiber.create(function()
            while not started do
                go:wait()
            end
            while not stop do
                next_i = next_i + 1
                local i = next_i
                if i > n then
                    break
                end
                local t0 = clock.monotonic()
                if t0 > deadline then
                    break
                end
                local ok, err = pcall(op, i)
                local t1 = clock.monotonic()
                if not ok then
                    stop = true
                    first_err = first_err or string.format('request %d: %s', i, tostring(err))
                    break
                end
                nlat = nlat + 1
                lat[nlat] = t1 - t0
            end
            finished:put(true)
        end)
    end
    local running = true
    if report then
        fiber.create(function()
            while running do
                emit({progress = math.min(next_i, n)})
                fiber.sleep(0.25)
            end
        end)
    end
    local t_start = clock.monotonic()
    deadline = t_start + duration
    started = true
    go:broadcast()
    for _ = 1, cfg.fibers do
        finished:get()
    end
    local elapsed = clock.monotonic() - t_start
    running = false
    return nlat, elapsed, lat, first_err
end

if cfg.warmup > 0 then
    local _, _, _, err = run(cfg.warmup, cfg.duration, false)
    if err ~= nil then
        emit({result = {requests = 0, elapsed_ns = 0, latency_ns = setmetatable({}, {__serialize = 'seq'}), error = err}})
        os.exit(0)
    end
end
local n, elapsed, lat, err = run(cfg.n, cfg.duration, true)
for j = 1, n do
    lat[j] = math.floor(lat[j] * 1e9 + 0.5)
end
emit({result = {
    requests = n,
    elapsed_ns = math.floor(elapsed * 1e9 + 0.5),
    latency_ns = setmetatable(lat, {__serialize = 'seq'}),
    error = err,
}})
conn:close()
os.exit(0)
