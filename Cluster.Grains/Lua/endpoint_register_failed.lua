-- Endpoint grain: RegisterFailed(now). Consecutive failures suspend the endpoint.
-- KEYS[1] ep:{user}
-- ARGV now, retry, suspend(0/1), suspendMs, memoryMs
-- returns {failures, suspended(0/1), newlySuspended(0/1), suspendedUntil}
local k = KEYS[1]
local now = tonumber(ARGV[1])
local f = redis.call('HMGET', k, 'su', 'rf')
local su = tonumber(f[1]) or 0
if su > now then
  return {0, 1, 0, su}
end
local rf = (tonumber(f[2]) or 0) + 1
local retry = tonumber(ARGV[2])
local ttl = redis.call('PTTL', k)
if ARGV[3] == '1' and retry > 0 and rf >= retry then
  su = now + tonumber(ARGV[4])
  -- the count starts again after the suspension, as VOS3000 releases the endpoint automatically
  redis.call('HSET', k, 'su', su, 'rf', 0)
  redis.call('PEXPIRE', k, math.max(ttl, su - now))
  return {rf, 1, 1, su}
end
redis.call('HSET', k, 'rf', rf)
redis.call('PEXPIRE', k, math.max(ttl, tonumber(ARGV[5])))
return {rf, 0, 0, 0}
