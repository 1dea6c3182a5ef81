-- Source IP grain: Get(now). Read-only view for ops.
-- KEYS[1] ip:{addr}
-- ARGV now, pikeUnitMs
-- returns {blockedUntil, reason, authFailures, requestsInUnit, hotUnits}
local now = tonumber(ARGV[1])
local f = redis.call('HMGET', KEYS[1], 'bu', 'br', 'fc', 'fx', 'pu', 'pc', 'ph')
local bu = tonumber(f[1]) or 0
if bu <= now then bu = 0 end
local fc = tonumber(f[3]) or 0
if (tonumber(f[4]) or 0) <= now then fc = 0 end
local pc = tonumber(f[6]) or 0
if (tonumber(f[5]) or -1) ~= math.floor(now / tonumber(ARGV[2])) then pc = 0 end
return {bu, bu > 0 and (f[2] or '') or '', fc, pc, tonumber(f[7]) or 0}
