-- Nonce grain: replay protection for digest authentication (RFC 2617 §3.2.2 nonce-count).
-- KEYS[1] nc:{nonce}   ARGV nc, ttl ms (until the nonce itself is stale)
-- Accepts a nonce-count only if it is higher than every count seen before for this nonce, on any edge.
local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) <= last then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
