-- Reminder lock: acquire or renew. Only one silo runs a reminder; a dead holder's lock
-- expires after ttl, so another silo takes over without any membership protocol.
-- KEYS[1] lock:{reminder}
-- ARGV token, ttlMs
-- returns 1 when this token holds the lock
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
return 1
