-- Source IP grain: Admit(kind, now). One request against the per-source buckets and the
-- pike-style flood detector. Buckets hold millitokens so every value stays an integer.
-- KEYS[1] ip:{addr}
-- ARGV now, kind(0 other,1 register,2 invite), allRate, allBurst, regRate, regBurst,
--      invRate, invBurst, pikeUnitMs, pikeDensity, pikeHotUnits, blockMs, idleMs
-- returns {decision(0 admitted,1 throttled,2 blocked,3 newly blocked), reason, blockedUntil}
local k = KEYS[1]
local now = tonumber(ARGV[1])
local kind = tonumber(ARGV[2])
local idle = tonumber(ARGV[13])

local f = redis.call('HMGET', k, 'bu', 'br', 'a', 'at', 'r', 'rt', 'i', 'it', 'pu', 'pc', 'ph')
local bu = tonumber(f[1]) or 0
if bu > now then
  return {2, f[2] or '', bu}
end

-- refill then take one token; returns ok, tokens, stamp (an absent bucket starts full)
local function take(tokens, stamp, rate, burst)
  local cap = burst * 1000
  tokens = tonumber(tokens)
  stamp = tonumber(stamp)
  if tokens == nil or stamp == nil then
    tokens = cap
    stamp = now
  end
  if now > stamp then
    tokens = math.min(cap, tokens + math.floor((now - stamp) * rate))
    stamp = now
  end
  if tokens >= 1000 then
    return true, tokens - 1000, stamp
  end
  return false, tokens, stamp
end

-- pike: count every request that reaches the grain, per sampling unit
local unitMs = tonumber(ARGV[9])
local density = tonumber(ARGV[10])
local hotNeeded = tonumber(ARGV[11])
local unit = math.floor(now / unitMs)
local pu = tonumber(f[9]) or -1
local pc = tonumber(f[10]) or 0
local ph = tonumber(f[11]) or 0
if pu ~= unit then
  -- a streak survives only into the directly following unit, and only if that unit was hot
  if not (pu == unit - 1 and pc > density) then ph = 0 end
  pu = unit
  pc = 0
end
pc = pc + 1
if density > 0 and pc == density + 1 then
  ph = ph + 1
  if ph >= hotNeeded then
    local untilMs = now + tonumber(ARGV[12])
    redis.call('HSET', k, 'bu', untilMs, 'br', 'flood', 'pu', pu, 'pc', 0, 'ph', 0)
    redis.call('PEXPIRE', k, math.max(idle, untilMs - now))
    return {3, 'flood', untilMs}
  end
end

local decision = 0
local allRate = tonumber(ARGV[3])
local allBurst = tonumber(ARGV[4])
local a, at = f[3], f[4]
if allRate > 0 then
  local ok
  ok, a, at = take(a, at, allRate, allBurst)
  if not ok then decision = 1 end
end

local rate, burst, tf, sf = 0, 0, nil, nil
if kind == 1 then rate, burst, tf, sf = tonumber(ARGV[5]), tonumber(ARGV[6]), 'r', 'rt'
elseif kind == 2 then rate, burst, tf, sf = tonumber(ARGV[7]), tonumber(ARGV[8]), 'i', 'it' end

if decision == 0 and tf ~= nil and rate > 0 then
  local ok, t, s = take(f[kind == 1 and 5 or 7], f[kind == 1 and 6 or 8], rate, burst)
  if ok then
    redis.call('HSET', k, tf, t, sf, s)
  else
    decision = 1
  end
end

if allRate > 0 then
  redis.call('HSET', k, 'a', a, 'at', at, 'pu', pu, 'pc', pc, 'ph', ph)
else
  redis.call('HSET', k, 'pu', pu, 'pc', pc, 'ph', ph)
end
-- keep the grain while a failure window is open; otherwise forget it when idle
local ttl = idle
local fs = tonumber(redis.call('HGET', k, 'fx') or '0')
if fs > now then ttl = math.max(ttl, fs - now) end
redis.call('PEXPIRE', k, ttl)
return {decision, '', 0}
