-- Gateway grain: ExpireLeases(now), run by the silo's reminder.
-- KEYS[2] gw:{name}:lines
-- ARGV now
-- returns leases freed
return redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
