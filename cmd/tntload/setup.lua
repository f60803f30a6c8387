-- Creates what tntload's rows use, replacing any earlier copy, and returns
-- wal_mode and the server's version.
-- Arguments: keys to pre-fill, the space name, the SQL table name, the
-- name of the function to call.
local keys, space_name, table_name, func_name = ...
if box.space[space_name] ~= nil then
    box.space[space_name]:drop()
end
if box.space[table_name] ~= nil then
    box.execute('DROP TABLE ' .. table_name)
end
local s = box.schema.space.create(space_name, {format = {
    {name = 'k', type = 'unsigned'},
    {name = 'v', type = 'string'},
}})
s:create_index('pk', {parts = {'k'}})
local res = box.execute('CREATE TABLE ' .. table_name .. ' (ID UNSIGNED PRIMARY KEY, V STRING NOT NULL)')
local t = box.space[table_name]
if t == nil then
    error('CREATE TABLE ' .. table_name .. ' failed: ' .. tostring(res))
end
for first = 1, keys, 1000 do
    box.begin()
    for k = first, math.min(first + 999, keys) do
        local v = 'value-' .. k
        s:replace({k, v})
        t:replace({k, v})
    end
    box.commit()
end
rawset(_G, func_name, function(...) return ... end)
return box.cfg.wal_mode, box.info.version
