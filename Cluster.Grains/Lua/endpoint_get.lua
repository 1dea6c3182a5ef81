-- Endpoint grain: Get(now) / Lookup(now). Read-only: expired bindings are skipped, not deleted.
-- KEYS[1] ep:{user}
-- ARGV now
-- returns {suspendedUntil, failures, lastSeen, n, then n x (contact, expiresAt, cseq, callId, source, ua, registeredAt)}
local now = tonumber(ARGV[1])
local all = redis.call('HGETALL', KEYS[1])
local su, rf, ka = 0, 0, 0
local out = {}
local n = 0
for i = 1, #all, 2 do
  local f = all[i]
  if f == 'su' then su = tonumber(all[i + 1])
  elseif f == 'rf' then rf = tonumber(all[i + 1])
  elseif f == 'ka' then ka = tonumber(all[i + 1])
  elseif string.sub(f, 1, 2) == 'b:' then
    local b = cmsgpack.unpack(all[i + 1])
    if b[1] > now then
      n = n + 1
      for _, v in ipairs({string.sub(f, 3), b[1], b[2], b[3], b[4], b[5], b[6]}) do
        out[#out + 1] = v
      end
    end
  end
end
if su <= now then su = 0 end
local res = {su, rf, ka, n}
for _, v in ipairs(out) do res[#res + 1] = v end
return res
