-- Gateway grain: Release(callId, outcome, duration, now). Frees the lease and counts the
-- call into the ASR/ACD bucket of 'now'; buckets are a ring of slots tagged with their bucket number.
-- KEYS[1] gw:{name}  KEYS[2] gw:{name}:lines
-- ARGV now, callId, outcome(0 answered), durationMs, bucketMs, buckets, keepMs
-- returns {released(0/1), linesInUse}
local k, lines = KEYS[1], KEYS[2]
local now = tonumber(ARGV[1])
local removed = redis.call('ZREM', lines, ARGV[2])
if removed == 1 then
  local b = math.floor(now / tonumber(ARGV[5]))
  local slot = b % tonumber(ARGV[6])
  local tag = 'sb' .. slot
  if tonumber(redis.call('HGET', k, tag) or '-1') ~= b then
    redis.call('HSET', k, tag, b, 'sa' .. slot, 0, 'sc' .. slot, 0, 'sd' .. slot, 0)
  end
  redis.call('HINCRBY', k, 'sa' .. slot, 1)
  if ARGV[3] == '0' then
    redis.call('HINCRBY', k, 'sc' .. slot, 1)
    redis.call('HINCRBY', k, 'sd' .. slot, tonumber(ARGV[4]))
  end
  redis.call('PEXPIRE', k, tonumber(ARGV[7]))
end
return {removed, redis.call('ZCOUNT', lines, '(' .. now, '+inf')}
