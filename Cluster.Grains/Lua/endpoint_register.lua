-- Endpoint grain: Register(binding, now).
-- Bindings are hash fields 'b:<contact>' holding msgpack {expiresAt, cseq, callId, source, ua, registeredAt};
-- 'rf' consecutive failures, 'su' suspended until, 'ka' last heard from.
-- KEYS[1] ep:{user}
-- ARGV now, contact, source, expiresMs, callId, cseq, ua, replace(0/1), maxBindings, memoryMs
-- returns {outcome(0 registered,1 unregistered,2 suspended,3 out of order,4 too many), bindings, replaced, suspendedUntil}
local k = KEYS[1]
local now = tonumber(ARGV[1])
local field = 'b:' .. ARGV[2]
local expiresMs = tonumber(ARGV[4])
local callId = ARGV[5]
local cseq = tonumber(ARGV[6])

local su = tonumber(redis.call('HGET', k, 'su') or '0')
if su > now then
  return {2, 0, 0, su}
end

-- drop expired bindings; at most max-bindings of them, so O(small)
local all = redis.call('HGETALL', k)
local live = {}
local count = 0
for i = 1, #all, 2 do
  local f = all[i]
  if string.sub(f, 1, 2) == 'b:' then
    local b = cmsgpack.unpack(all[i + 1])
    if b[1] <= now then
      redis.call('HDEL', k, f)
    else
      live[f] = b
      count = count + 1
    end
  end
end

local cur = live[field]
-- RFC 3261 10.3 step 7: same Call-ID needs a higher CSeq, else the request is stale
if cur and cur[3] == callId and cseq <= cur[2] then
  return {3, count, 0, 0}
end

local replaced = 0
local latest = now
if expiresMs <= 0 then
  if cur then
    redis.call('HDEL', k, field)
    live[field] = nil
    count = count - 1
  end
  redis.call('HSET', k, 'rf', 0, 'ka', now)
  for _, b in pairs(live) do latest = math.max(latest, b[1]) end
  redis.call('PEXPIRE', k, math.max(latest - now, tonumber(ARGV[10]), 1000))
  return {1, count, 0, 0}
end

if ARGV[8] == '1' then
  for f, _ in pairs(live) do
    if f ~= field then
      redis.call('HDEL', k, f)
      live[f] = nil
      replaced = replaced + 1
      count = count - 1
    end
  end
elseif not cur and count >= tonumber(ARGV[9]) then
  return {4, count, 0, 0}
end

if not cur then count = count + 1 end
local b = {now + expiresMs, cseq, callId, ARGV[3], ARGV[7], now}
live[field] = b
redis.call('HSET', k, field, cmsgpack.pack(b), 'rf', 0, 'ka', now)
redis.call('HDEL', k, 'su')
for _, x in pairs(live) do latest = math.max(latest, x[1]) end
redis.call('PEXPIRE', k, math.max(latest - now, 1000))
return {0, count, replaced, 0}
