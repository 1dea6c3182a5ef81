-- Source IP grain (ip:{addr}). One script, one method per call: ARGV[1] names the method,
-- ARGV[2] is always 'now' in ms. State is one string packed with struct (fixed layout), so a
-- turn is one GET and at most one SET ... PX: cheap for Redis and ~100 bytes per grain.
--
-- Layout: blockedUntil, reason, allTokens, allStamp, regTokens, regStamp, invTokens, invStamp,
--         pikeUnit, pikeCount, hotUnits, authFailures, authWindowEnd, keyExpiresAt
-- Tokens are millitokens (integers); -1 means "never used" (a full bucket).
local FMT = '<i8Bi8i8i8i8i8i8i8i4i4i4i8i8'
local REASONS = {'flood', 'auth_failures', 'scanner', 'manual'}
local k = KEYS[1]
local method = ARGV[1]
local now = tonumber(ARGV[2])

-- Policy (ARGV[3] of every method, packed by PolicyBlobs.cs): all-SIP rate and
-- burst, REGISTER rate and burst, INVITE rate and burst, pike unit ms, pike density, hot units,
-- block ms, idle ms, SS_AUTHENTICATION_MAX_RETRY, SS_AUTHENTICATION_FAILED_SUSPEND, auth window ms
local POLICY = '<ddddddi4i4i4i8i8i4Bi8'
local allRate, allBurst, regRate, regBurst, invRate, invBurst, unitMs, density, hotNeeded,
      blockMs, idle, maxRetry, suspend, windowMs = struct.unpack(POLICY, ARGV[3])

local s
local raw = redis.call('GET', k)
if raw then
  s = {struct.unpack(FMT, raw)}
else
  s = {0, 0, -1, 0, -1, 0, -1, 0, -1, 0, 0, 0, 0, 0}
end

local function reasonName(code) return REASONS[code] or '' end
local function reasonCode(name)
  for i, n in ipairs(REASONS) do if n == name then return i end end
  return 4
end

-- Touching the expiry on every turn is the dearest part of a turn (expires dict, argv
-- rewrite), so the key is given half an idle period of slack and KEEPTTL is used while the
-- expiry it already has is far enough: an idle grain goes 1 to 1.5 idle periods after its last turn.
local function save(ttl, slack)
  local need = now + math.max(ttl, 1)
  if raw and s[14] >= need then
    redis.call('SET', k, struct.pack(FMT, unpack(s, 1, 14)), 'KEEPTTL')
  else
    -- PX, not PXAT: the expiry must not depend on the caller's clock agreeing with Redis's
    s[14] = need + math.floor(slack)
    redis.call('SET', k, struct.pack(FMT, unpack(s, 1, 14)), 'PX', s[14] - now)
  end
end

-- refill then take one token from bucket slot t (stamp at t+1); false when empty
local function take(t, rate, burst)
  local cap = burst * 1000
  local tokens, stamp = s[t], s[t + 1]
  if tokens < 0 then tokens, stamp = cap, now end
  if now > stamp then
    tokens = math.min(cap, tokens + math.floor((now - stamp) * rate))
    stamp = now
  end
  s[t + 1] = stamp
  if tokens >= 1000 then
    s[t] = tokens - 1000
    return true
  end
  s[t] = tokens
  return false
end

-- keep the grain while a block or a failure window is open, otherwise forget it when idle
local function ttl(idle)
  return math.max(idle, s[1] - now, s[13] - now)
end

if method == 'admit' then
  -- ARGV[4] kind(0 other,1 register,2 invite)
  -- returns {decision(0 admitted,1 throttled,2 blocked,3 newly blocked), reason, blockedUntil}
  if s[1] > now then return {2, reasonName(s[2]), s[1]} end
  -- pike: every request that reaches the grain counts, per sampling unit
  local unit = math.floor(now / unitMs)
  if s[9] ~= unit then
    -- a streak survives only into the directly following unit, and only if that unit was hot
    if not (s[9] == unit - 1 and s[10] > density) then s[11] = 0 end
    s[9] = unit
    s[10] = 0
  end
  s[10] = s[10] + 1
  if density > 0 and s[10] == density + 1 then
    s[11] = s[11] + 1
    if s[11] >= hotNeeded then
      s[1] = now + blockMs
      s[2] = 1
      s[10], s[11] = 0, 0
      save(ttl(idle), idle / 2)
      return {3, 'flood', s[1]}
    end
  end
  local decision = 0
  if allRate > 0 and not take(3, allRate, allBurst) then decision = 1 end
  local kind = ARGV[4]
  if decision == 0 and kind ~= '0' then
    local slot, rate, burst = 5, regRate, regBurst
    if kind == '2' then slot, rate, burst = 7, invRate, invBurst end
    if rate > 0 and not take(slot, rate, burst) then decision = 1 end
  end
  save(ttl(idle), idle / 2)
  return {decision, '', 0}

elseif method == 'auth_failed' then
  -- returns {decision(0 counted,2 blocked,3 newly blocked), reason, blockedUntil, failures}
  if s[1] > now then return {2, reasonName(s[2]), s[1], s[12]} end
  -- s[13] is when the current window ends; a failure after it opens a new window
  if s[13] <= now then
    s[12] = 0
    s[13] = now + windowMs
  end
  s[12] = s[12] + 1
  local failures = s[12]
  if suspend == 1 and maxRetry > 0 and failures >= maxRetry then
    s[1] = now + blockMs
    s[2] = 2
    s[12], s[13] = 0, 0
    save(ttl(idle), idle / 2)
    return {3, 'auth_failures', s[1], failures}
  end
  save(ttl(idle), idle / 2)
  return {0, '', 0, failures}

elseif method == 'block' then
  -- ARGV[4] untilMs, ARGV[5] reason
  s[1] = tonumber(ARGV[4])
  s[2] = reasonCode(ARGV[5])
  save(ttl(idle), 0)
  return {2, reasonName(s[2]), s[1]}

elseif method == 'unblock' then
  -- ARGV[4] channel, ARGV[5] address. Forgets the block and what led to it, and tells every edge to
  -- drop its cached verdict for this source. It starts again with full buckets: the block it served
  -- was the punishment, and the operator who lifted it expects the source to work at once.
  local was = s[1] > now
  if raw then
    s[1], s[2], s[3], s[5], s[7], s[10], s[11], s[12], s[13] = 0, 0, -1, -1, -1, 0, 0, 0, 0
    save(0, 0)
  end
  redis.call('PUBLISH', ARGV[4], 'unblock ip ' .. ARGV[5])
  return was and 1 or 0

elseif method == 'get' then
  -- returns {blockedUntil, reason, authFailures, requestsInUnit, hotUnits}
  local bu = s[1] > now and s[1] or 0
  local fc = s[13] > now and s[12] or 0
  local pc = s[9] == math.floor(now / unitMs) and s[10] or 0
  return {bu, bu > 0 and reasonName(s[2]) or '', fc, pc, s[11]}
end
return redis.error_reply('source_ip: unknown method ' .. tostring(method))
