-- Reminder lock: release, only by its holder.
-- KEYS[1] lock:{reminder}
-- ARGV token
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
