-- Source IP grain: Unblock(). Forgets the block and the counters that led to it.
-- KEYS[1] ip:{addr}
-- returns 1 if a block was removed
local removed = redis.call('HDEL', KEYS[1], 'bu', 'br', 'fc', 'fx', 'ph', 'pc')
return removed > 0 and 1 or 0
