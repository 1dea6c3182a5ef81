-- Source IP grain: Block(until, reason). A dynamic blacklist entry that expires with the key.
-- KEYS[1] ip:{addr}
-- ARGV now, untilMs, reason, idleMs
-- returns {2, reason, untilMs}
local k = KEYS[1]
local now = tonumber(ARGV[1])
local untilMs = tonumber(ARGV[2])
redis.call('HSET', k, 'bu', untilMs, 'br', ARGV[3])
redis.call('PEXPIRE', k, math.max(tonumber(ARGV[4]), untilMs - now))
return {2, ARGV[3], untilMs}
