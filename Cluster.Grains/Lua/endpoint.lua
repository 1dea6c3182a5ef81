-- Endpoint grain (ep:{user}). ARGV[1] names the method, ARGV[2] is 'now' in ms.
-- State is one msgpack string {suspendedUntil, failures, lastSeen, binding...}, each binding
-- {contact, expiresAt, cseq, callId, source, userAgent, registeredAt}. One GET, one SET PX:
-- a string has no per-field encoding limits, so a binding costs its bytes and little more.
local k = KEYS[1]
local method = ARGV[1]
local now = tonumber(ARGV[2])

local raw = redis.call('GET', k)
local s = raw and cmsgpack.unpack(raw) or {0, 0, 0}

-- live bindings only; at most max-bindings of them, so O(small)
local function live()
  local out = {}
  for i = 4, #s do
    if s[i][2] > now then out[#out + 1] = s[i] end
  end
  return out
end

-- the key lives as long as its longest binding, an open suspension, or the failure memory
local function save(bindings, keepMs)
  local latest = math.max(s[1], now + keepMs)
  local packed = {s[1], s[2], s[3]}
  for _, b in ipairs(bindings) do
    packed[#packed + 1] = b
    latest = math.max(latest, b[2])
  end
  redis.call('SET', k, cmsgpack.pack(packed), 'PX', math.max(latest - now, 1000))
end

local function listed(out, bindings)
  for _, b in ipairs(bindings) do
    out[#out + 1] = b[1]
    out[#out + 1] = b[2]
  end
  return out
end

if method == 'register' then
  -- ARGV contact, source, expiresMs, callId, cseq, ua, replace(0/1), maxBindings, memoryMs
  -- returns {outcome(0 registered,1 unregistered,2 suspended,3 out of order,4 too many,5 replayed nonce), bindings, replaced, suspendedUntil,
  --          then contact, expiresAt of every live binding after a change (the registrar's 200 lists them)}
  if s[1] > now then return {2, 0, 0, s[1]} end
  -- Digest replay protection in the same turn (KEYS[2] ep:{user}:nc, same slot): a nonce-count must
  -- grow for its nonce, whichever edge the request reached (ARGV[12] nonce, [13] nc, [14] memory ms).
  local nonce, nc = ARGV[12] or '', tonumber(ARGV[13] or '0')
  if nonce ~= '' and nc <= tonumber(redis.call('HGET', KEYS[2], nonce) or '-1') then
    return {5, 0, 0, 0}
  end
  local function spendNonce()
    if nonce == '' then return end
    -- a handful of nonces live at once; a burst beyond that starts the table afresh
    if redis.call('HLEN', KEYS[2]) >= 32 then redis.call('DEL', KEYS[2]) end
    redis.call('HSET', KEYS[2], nonce, nc)
    redis.call('PEXPIRE', KEYS[2], ARGV[14])
  end
  local contact, expiresMs, callId, cseq = ARGV[3], tonumber(ARGV[5]), ARGV[6], tonumber(ARGV[7])
  local bindings = live()
  local cur
  for i, b in ipairs(bindings) do
    if b[1] == contact then cur = i end
  end
  -- RFC 3261 10.3 step 7: the same Call-ID needs a higher CSeq, else the request is stale
  if cur and bindings[cur][4] == callId and cseq <= bindings[cur][3] then
    return {3, #bindings, 0, 0}
  end
  s[1], s[2], s[3] = 0, 0, now
  if expiresMs <= 0 then
    if cur then table.remove(bindings, cur) end
    save(bindings, 0)
    spendNonce()
    return listed({1, #bindings, 0, 0}, bindings)
  end
  local b = {contact, now + expiresMs, cseq, callId, ARGV[4], ARGV[8], now}
  local replaced = 0
  if ARGV[9] == '1' then
    replaced = #bindings - (cur and 1 or 0)
    bindings = {b}
  elseif cur then
    bindings[cur] = b
  elseif #bindings >= tonumber(ARGV[10]) then
    return {4, #bindings, 0, 0}
  else
    bindings[#bindings + 1] = b
  end
  save(bindings, 0)
  spendNonce()
  return listed({0, #bindings, replaced, 0}, bindings)

elseif method == 'register_failed' then
  -- ARGV retry, suspend(0/1), suspendMs, memoryMs
  -- returns {failures, suspended(0/1), newlySuspended(0/1), suspendedUntil}
  if s[1] > now then return {0, 1, 0, s[1]} end
  s[1] = 0
  s[2] = s[2] + 1
  local failures = s[2]
  local retry = tonumber(ARGV[3])
  if ARGV[4] == '1' and retry > 0 and failures >= retry then
    -- the count starts again after the suspension, which ends by itself
    s[1] = now + tonumber(ARGV[5])
    s[2] = 0
    save(live(), 0)
    return {failures, 1, 1, s[1]}
  end
  save(live(), tonumber(ARGV[6]))
  return {failures, 0, 0, 0}

elseif method == 'unregister' then
  -- ARGV contact or '*'. returns bindings removed
  if not raw then return 0 end
  local bindings, kept = live(), {}
  for _, b in ipairs(bindings) do
    if ARGV[3] ~= '*' and b[1] ~= ARGV[3] then kept[#kept + 1] = b end
  end
  save(kept, 0)
  return #bindings - #kept

elseif method == 'keepalive' then
  -- never creates a grain: random users must cost nothing. returns 1 when recorded
  if not raw then return 0 end
  s[3] = now
  save(live(), 0)
  return 1

elseif method == 'unsuspend' then
  -- ARGV channel, user. Ends a suspension, forgets the failures, tells every edge.
  if raw then
    s[1], s[2] = 0, 0
    save(live(), 0)
  end
  redis.call('PUBLISH', ARGV[3], 'unsuspend ep ' .. ARGV[4])
  return 1

elseif method == 'bound_from' then
  -- ARGV source ('udp:ip:port', as the registrar stored it). Read-only, never creates a grain.
  -- returns 1 when a live binding was registered from that source and the endpoint is not suspended
  if not raw or s[1] > now then return 0 end
  for _, b in ipairs(live()) do
    if b[5] == ARGV[3] then return 1 end
  end
  return 0

elseif method == 'get' then
  -- returns {suspendedUntil, failures, lastSeen, n, then n x (contact, expiresAt, cseq, callId, source, ua, registeredAt)}
  local bindings = live()
  local res = {s[1] > now and s[1] or 0, s[2], s[3], #bindings}
  for _, b in ipairs(bindings) do
    for j = 1, 7 do res[#res + 1] = b[j] end
  end
  return res
end
return redis.error_reply('endpoint: unknown method ' .. tostring(method))
