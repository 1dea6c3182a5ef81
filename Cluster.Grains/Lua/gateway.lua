-- Gateway grain (mapping or routing gateway). ARGV[1] names the method, ARGV[2] is 'now' in ms.
-- KEYS[1] gw:{name}        hash: ASR/ACD ring of time buckets, probe state
-- KEYS[2] gw:{name}:lines  sorted set: line leases, Call-ID scored by expiry, so a lease whose
--                          edge died frees itself (purged at the limit and by the silo's reminder)
-- KEYS[3] gw:{name}:adm    string: {CPS millitokens, stamp, second, admitted in that second,
--                          until when the lines key is known to live}
-- KEYS[4] gw:{name}:due    sorted set: answered calls, Call-ID scored by when they reach their
--                          maximum duration (the silo's reminder hangs them up then)
-- KEYS[5] gw:{name}:calls  hash: Call-ID -> the answered call's dialog record (AnsweredCall.cs)
local k, lines, adm, due, calls = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local method = ARGV[1]
local now = tonumber(ARGV[2])
local ADM = '<i8i8i8i4i8'
-- limits (ARGV[3] of admit, packed by PolicyBlobs.cs): CPS rate, CPS burst, line limit, lease ms
local LIMITS = '<di4i4i8'

if method == 'admit' then
  -- ARGV[3] limits, ARGV[4] callId, ARGV[5] '1': refuse when probes took the gateway offline
  -- returns {decision(0 admitted,1 already,2 lines full,3 cps,4 offline), linesInUse}
  local rate, burst, lineLimit, leaseMs = struct.unpack(LIMITS, ARGV[3])
  local callId = ARGV[4]
  if ARGV[5] == '1' and redis.call('HGET', k, 'on') == '0' then
    return {4, redis.call('ZCARD', lines)}
  end
  -- ZCARD is O(1) but counts leases past their expiry; they matter only at the limit, so only
  -- then are they purged and the count made exact (the silo's reminder purges the rest)
  local inUse = redis.call('ZCARD', lines)
  if lineLimit > 0 and inUse >= lineLimit then
    redis.call('ZREMRANGEBYSCORE', lines, '-inf', now)
    inUse = redis.call('ZCARD', lines)
    if inUse >= lineLimit then
      -- a retransmitted INVITE of a call that holds a line is not refused
      if redis.call('ZSCORE', lines, callId) then return {1, inUse} end
      return {2, inUse}
    end
  end
  -- NX: 0 means the call already holds a line (a retransmission): renew, count nothing
  if redis.call('ZADD', lines, 'NX', now + leaseMs, callId) == 0 then
    redis.call('ZADD', lines, 'XX', now + leaseMs, callId)
    return {1, inUse}
  end
  local raw = redis.call('GET', adm)
  local tokens, stamp, sec, count, linesUntil = -1, now, 0, 0, 0
  if raw then tokens, stamp, sec, count, linesUntil = struct.unpack(ADM, raw) end
  if rate > 0 then
    local cap = burst * 1000
    if tokens < 0 then tokens, stamp = cap, now end
    if now > stamp then
      tokens = math.min(cap, tokens + math.floor((now - stamp) * rate))
      stamp = now
    end
    if tokens < 1000 then
      -- nothing to store: the refill is recomputed from the old stamp next time
      redis.call('ZREM', lines, callId)
      return {3, inUse}
    end
    tokens = tokens - 1000
  end
  local thisSec = math.floor(now / 1000)
  if sec == thisSec then count = count + 1 else sec, count = thisSec, 1 end
  -- the lines key must outlive the newest lease; its expiry is moved at most once a minute
  -- because touching an expiry is the dearest part of a turn
  if linesUntil < now + leaseMs then
    linesUntil = now + leaseMs + 60000
    redis.call('PEXPIRE', lines, linesUntil - now)
    redis.call('SET', adm, struct.pack(ADM, tokens, stamp, sec, count, linesUntil), 'PX', linesUntil - now)
  else
    redis.call('SET', adm, struct.pack(ADM, tokens, stamp, sec, count, linesUntil), 'KEEPTTL')
  end
  return {0, inUse + 1}

elseif method == 'release' then
  -- ARGV callId, outcome(0 answered), durationMs, bucketMs, buckets, keepMs
  -- returns {released(0/1), linesInUse}
  local removed = redis.call('ZREM', lines, ARGV[3])
  if redis.call('ZREM', due, ARGV[3]) == 1 then redis.call('HDEL', calls, ARGV[3]) end
  if removed == 1 then
    local b = math.floor(now / tonumber(ARGV[6]))
    local slot = b % tonumber(ARGV[7])
    local f = redis.call('HMGET', k, 'sb' .. slot, 'sa' .. slot, 'sc' .. slot, 'sd' .. slot)
    local sa, sc, sd = 0, 0, 0
    if tonumber(f[1]) == b then sa, sc, sd = tonumber(f[2]), tonumber(f[3]), tonumber(f[4]) end
    sa = sa + 1
    if ARGV[4] == '0' then
      sc = sc + 1
      sd = sd + tonumber(ARGV[5])
    end
    redis.call('HSET', k, 'sb' .. slot, b, 'sa' .. slot, sa, 'sc' .. slot, sc, 'sd' .. slot, sd)
    redis.call('PEXPIRE', k, tonumber(ARGV[8]))
  end
  return {removed, redis.call('ZCOUNT', lines, '(' .. now, '+inf')}

elseif method == 'answer' then
  -- ARGV callId, dueMs, graceMs, record. The answered call keeps its line until due + grace and is
  -- hung up at due by the silo. 0 when the call has already let its line go (a BYE overtook the 2xx).
  local callId, dueAt = ARGV[3], tonumber(ARGV[4])
  if not redis.call('ZSCORE', lines, callId) then return 0 end
  local leaseUntil = dueAt + tonumber(ARGV[5])
  redis.call('ZADD', lines, 'XX', leaseUntil, callId)
  redis.call('ZADD', due, dueAt, callId)
  redis.call('HSET', calls, callId, ARGV[6])
  -- every key must outlive the newest lease; moved 10 minutes further when short, so that at
  -- thousands of answers a second the expiries are touched once in 10 minutes, not every turn
  local keep = leaseUntil - now + 60000
  if redis.call('PTTL', due) < keep then
    keep = keep + 600000
    redis.call('PEXPIRE', due, keep)
    redis.call('PEXPIRE', calls, keep)
    if redis.call('PTTL', lines) < keep then redis.call('PEXPIRE', lines, keep) end
  end
  return 1

elseif method == 'claim_due' then
  -- ARGV retryMs, max. Calls past their maximum duration, each claimed for retryMs: one silo hangs
  -- it up, and if that silo dies before the release the call comes due again. A call whose line is
  -- already gone (released, or its lease expired) is forgotten instead.
  -- returns {record, ...}
  local ids = redis.call('ZRANGEBYSCORE', due, '-inf', now, 'LIMIT', 0, tonumber(ARGV[4]))
  local out = {}
  for _, id in ipairs(ids) do
    local record = redis.call('HGET', calls, id)
    if record and redis.call('ZSCORE', lines, id) then
      redis.call('ZADD', due, now + tonumber(ARGV[3]), id)
      out[#out + 1] = record
    else
      redis.call('ZREM', due, id)
      redis.call('HDEL', calls, id)
    end
  end
  return out

elseif method == 'list_calls' then
  -- ARGV max. Answered calls, soonest due first (read-only). returns {record, dueMs, ...}
  local ids = redis.call('ZRANGE', due, 0, tonumber(ARGV[3]) - 1, 'WITHSCORES')
  local out = {}
  for i = 1, #ids, 2 do
    local record = redis.call('HGET', calls, ids[i])
    if record then
      out[#out + 1] = record
      out[#out + 1] = ids[i + 1]
    end
  end
  return out

elseif method == 'hangup_now' then
  -- ARGV callId. An operator ends an answered call: it becomes due now, and the silo's reminder
  -- hangs it up at its next tick. returns 1, or 0 when no such answered call is up.
  if not redis.call('ZSCORE', due, ARGV[3]) then return 0 end
  redis.call('ZADD', due, now, ARGV[3])
  return 1

elseif method == 'probe' then
  -- Online flips only after downAfter consecutive failures or upAfter consecutive successes,
  -- so one lost OPTIONS does not drop a vendor.
  -- ARGV ok(0/1), rttMs, downAfter, upAfter, keepMs
  -- returns {online(0/1), changed(0/1), failures, successes}
  local f = redis.call('HMGET', k, 'on', 'pf', 'ps')
  local online = f[1] ~= '0'   -- never probed counts as online
  local pf, ps = tonumber(f[2]) or 0, tonumber(f[3]) or 0
  if ARGV[3] == '1' then ps, pf = ps + 1, 0 else pf, ps = pf + 1, 0 end
  local changed = 0
  if online and pf >= tonumber(ARGV[5]) then
    online, changed = false, 1
  elseif not online and ps >= tonumber(ARGV[6]) then
    online, changed = true, 1
  end
  redis.call('HSET', k, 'on', online and 1 or 0, 'pf', pf, 'ps', ps, 'pr', ARGV[4], 'pt', now)
  redis.call('PEXPIRE', k, tonumber(ARGV[7]))
  return {online and 1 or 0, changed, pf, ps}

elseif method == 'stats' then
  -- ARGV bucketMs, buckets. Read-only, O(buckets).
  -- returns {linesInUse, attempts, answered, durationMsSum, online, lastRttMs, lastProbeMs, currentCps}
  local n = tonumber(ARGV[4])
  local b = math.floor(now / tonumber(ARGV[3]))
  local attempts, answered, duration = 0, 0, 0
  for slot = 0, n - 1 do
    local f = redis.call('HMGET', k, 'sb' .. slot, 'sa' .. slot, 'sc' .. slot, 'sd' .. slot)
    local sb = tonumber(f[1])
    if sb and sb > b - n and sb <= b then
      attempts = attempts + tonumber(f[2])
      answered = answered + tonumber(f[3])
      duration = duration + tonumber(f[4])
    end
  end
  local p = redis.call('HMGET', k, 'on', 'pr', 'pt')
  local cps = 0
  local raw = redis.call('GET', adm)
  if raw then
    local _, _, sec, count = struct.unpack(ADM, raw)
    if sec == math.floor(now / 1000) then cps = count end
  end
  return {
    redis.call('ZCOUNT', lines, '(' .. now, '+inf'),
    attempts, answered, duration,
    p[1] == '0' and 0 or 1,
    tonumber(p[2]) or -1, tonumber(p[3]) or 0, cps,
  }

elseif method == 'expire_leases' then
  -- run by the silo's reminder. returns leases freed
  return redis.call('ZREMRANGEBYSCORE', lines, '-inf', now)
end
return redis.error_reply('gateway: unknown method ' .. tostring(method))
