-- Source IP grain: Unblock(). Forgets the block and the counters that led to it, and tells
-- every edge to drop its cached verdict for this source.
-- KEYS[1] ip:{addr}
-- ARGV channel, address
-- returns 1 if a block was removed
local removed = redis.call('HDEL', KEYS[1], 'bu', 'br', 'fc', 'fx', 'ph', 'pc')
redis.call('PUBLISH', ARGV[1], 'unblock ip ' .. ARGV[2])
return removed > 0 and 1 or 0
