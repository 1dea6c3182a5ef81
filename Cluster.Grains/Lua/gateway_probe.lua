-- Gateway grain: ProbeResult(ok, rtt, now). Online flips only after downAfter consecutive
-- failures or upAfter consecutive successes, so one lost OPTIONS does not drop a vendor.
-- KEYS[1] gw:{name}
-- ARGV now, ok(0/1), rttMs, downAfter, upAfter, keepMs
-- returns {online(0/1), changed(0/1), failures, successes}
local k = KEYS[1]
local f = redis.call('HMGET', k, 'on', 'pf', 'ps')
local online = f[1] ~= '0'   -- never probed counts as online
local pf = tonumber(f[2]) or 0
local ps = tonumber(f[3]) or 0
if ARGV[2] == '1' then
  ps = ps + 1
  pf = 0
else
  pf = pf + 1
  ps = 0
end
local changed = 0
if online and pf >= tonumber(ARGV[4]) then
  online = false
  changed = 1
elseif not online and ps >= tonumber(ARGV[5]) then
  online = true
  changed = 1
end
redis.call('HSET', k, 'on', online and 1 or 0, 'pf', pf, 'ps', ps, 'pr', ARGV[3], 'pt', ARGV[1])
redis.call('PEXPIRE', k, tonumber(ARGV[6]))
return {online and 1 or 0, changed, pf, ps}
