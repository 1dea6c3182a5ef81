-- Endpoint grain: Keepalive(now). Never creates a grain: random users must cost nothing.
-- KEYS[1] ep:{user}
-- ARGV now
-- returns 1 when recorded
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'ka', ARGV[1])
return 1
