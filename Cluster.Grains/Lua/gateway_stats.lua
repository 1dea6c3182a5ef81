-- Gateway grain: Stats(now). Read-only: sums the window's buckets, O(buckets).
-- KEYS[1] gw:{name}  KEYS[2] gw:{name}:lines
-- ARGV now, bucketMs, buckets
-- returns {linesInUse, attempts, answered, durationMsSum, online, lastRttMs, lastProbeMs, currentCps}
local k, lines = KEYS[1], KEYS[2]
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[3])
local b = math.floor(now / tonumber(ARGV[2]))
local attempts, answered, duration = 0, 0, 0
for slot = 0, n - 1 do
  local f = redis.call('HMGET', k, 'sb' .. slot, 'sa' .. slot, 'sc' .. slot, 'sd' .. slot)
  local sb = tonumber(f[1])
  if sb and sb > b - n and sb <= b then
    attempts = attempts + (tonumber(f[2]) or 0)
    answered = answered + (tonumber(f[3]) or 0)
    duration = duration + (tonumber(f[4]) or 0)
  end
end
local p = redis.call('HMGET', k, 'on', 'pr', 'pt', 'cs', 'cc')
local cps = 0
if tonumber(p[4]) == math.floor(now / 1000) then cps = tonumber(p[5]) or 0 end
return {
  redis.call('ZCOUNT', lines, '(' .. now, '+inf'),
  attempts, answered, duration,
  p[1] == '0' and 0 or 1,
  tonumber(p[2]) or -1, tonumber(p[3]) or 0, cps,
}
