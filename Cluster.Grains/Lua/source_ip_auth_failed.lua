-- Source IP grain: AuthFailed(now). Counts failed digest attempts in a window; at
-- SS_AUTHENTICATION_MAX_RETRY (when SS_AUTHENTICATION_FAILED_SUSPEND is on) the source is blocked.
-- KEYS[1] ip:{addr}
-- ARGV now, maxRetry, suspend(0/1), windowMs, blockMs, idleMs
-- returns {decision(0 counted,2 blocked,3 newly blocked), reason, blockedUntil, failures}
local k = KEYS[1]
local now = tonumber(ARGV[1])
local maxRetry = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[4])
local idle = tonumber(ARGV[6])

local f = redis.call('HMGET', k, 'bu', 'br', 'fc', 'fx')
local bu = tonumber(f[1]) or 0
if bu > now then
  return {2, f[2] or '', bu, tonumber(f[3]) or 0}
end
local fc = tonumber(f[3]) or 0
local fx = tonumber(f[4]) or 0
-- fx is when the current window ends; a failure after it opens a new window
if fx <= now then
  fc = 0
  fx = now + windowMs
end
fc = fc + 1
if ARGV[3] == '1' and maxRetry > 0 and fc >= maxRetry then
  local untilMs = now + tonumber(ARGV[5])
  redis.call('HSET', k, 'bu', untilMs, 'br', 'auth_failures', 'fc', 0, 'fx', 0)
  redis.call('PEXPIRE', k, math.max(idle, untilMs - now))
  return {3, 'auth_failures', untilMs, fc}
end
redis.call('HSET', k, 'fc', fc, 'fx', fx)
redis.call('PEXPIRE', k, math.max(idle, fx - now))
return {0, '', 0, fc}
