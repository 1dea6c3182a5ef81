-- Cluster key grain: the secret every edge uses to issue and verify digest nonces.
-- KEYS[1] sys:{cluster-key} (hash: current, previous, version, rotated_at; keys base64)
-- ARGV op ('get' | 'rotate'), now ms, candidate key (base64, made by the caller), min rotation interval ms,
--      ttl ms, changes channel
-- 'get' creates the key on first use, so the first edge or silo up starts the cluster.
-- 'rotate' keeps the previous key, so nonces issued just before a rotation still verify.
local op, now, candidate, minInterval, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), ARGV[5]
local k = KEYS[1]
if redis.call('EXISTS', k) == 0 then
  redis.call('HSET', k, 'current', candidate, 'previous', '', 'version', 1, 'rotated_at', now)
  redis.call('PEXPIRE', k, ttl)
elseif op == 'rotate' then
  local rotatedAt = tonumber(redis.call('HGET', k, 'rotated_at') or '0')
  if now - rotatedAt >= minInterval then
    local current = redis.call('HGET', k, 'current')
    local version = redis.call('HINCRBY', k, 'version', 1)
    redis.call('HSET', k, 'previous', current, 'current', candidate, 'rotated_at', now)
    redis.call('PEXPIRE', k, ttl)
    redis.call('PUBLISH', ARGV[6], 'cluster-key ' .. version)
  end
end
local v = redis.call('HMGET', k, 'current', 'previous', 'version')
return { v[1], v[2], tonumber(v[3]) }
