-- Gateway grain: Admit(callId, now). Lines are leases in a sorted set scored by expiry,
-- so a lease whose edge died frees itself; CPS is a token bucket in millitokens.
-- KEYS[1] gw:{name}  KEYS[2] gw:{name}:lines
-- ARGV now, callId, cpsRate, cpsBurst, lineLimit, leaseMs, keepMs
-- returns {decision(0 admitted,1 already,2 lines full,3 cps), linesInUse}
local k, lines = KEYS[1], KEYS[2]
local now = tonumber(ARGV[1])
local callId = ARGV[2]
local leaseMs = tonumber(ARGV[6])

local held = tonumber(redis.call('ZSCORE', lines, callId) or '0')
if held > now then
  redis.call('ZADD', lines, now + leaseMs, callId)
  return {1, redis.call('ZCARD', lines)}
end

redis.call('ZREMRANGEBYSCORE', lines, '-inf', now)
local inUse = redis.call('ZCARD', lines)
local lineLimit = tonumber(ARGV[5])
if lineLimit > 0 and inUse >= lineLimit then
  return {2, inUse}
end

local rate = tonumber(ARGV[3])
local f = redis.call('HMGET', k, 'ct', 'cts', 'cs', 'cc')
if rate > 0 then
  local cap = tonumber(ARGV[4]) * 1000
  local tokens = tonumber(f[1])
  local stamp = tonumber(f[2])
  if tokens == nil or stamp == nil then tokens, stamp = cap, now end
  if now > stamp then
    tokens = math.min(cap, tokens + math.floor((now - stamp) * rate))
    stamp = now
  end
  if tokens < 1000 then
    redis.call('HSET', k, 'ct', tokens, 'cts', stamp)
    return {3, inUse}
  end
  redis.call('HSET', k, 'ct', tokens - 1000, 'cts', stamp)
end

-- calls admitted in the current second, for the online view's "current CPS"
local sec = math.floor(now / 1000)
local cc = 1
if tonumber(f[3]) == sec then cc = (tonumber(f[4]) or 0) + 1 end
redis.call('HSET', k, 'cs', sec, 'cc', cc)

redis.call('ZADD', lines, now + leaseMs, callId)
redis.call('PEXPIRE', lines, math.max(redis.call('PTTL', lines), leaseMs))
redis.call('PEXPIRE', k, tonumber(ARGV[7]))
return {0, inUse + 1}
