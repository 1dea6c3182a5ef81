-- Endpoint grain: Unregister(contact | '*').
-- KEYS[1] ep:{user}
-- ARGV contact or '*'
-- returns bindings removed
local k = KEYS[1]
if ARGV[1] ~= '*' then
  return redis.call('HDEL', k, 'b:' .. ARGV[1])
end
local removed = 0
for _, f in ipairs(redis.call('HKEYS', k)) do
  if string.sub(f, 1, 2) == 'b:' then
    removed = removed + redis.call('HDEL', k, f)
  end
end
return removed
