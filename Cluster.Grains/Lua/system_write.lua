-- System parameters grain: Set(params, provisioning). Replaces both atomically and announces
-- the new version so every edge refreshes its cache without a restart.
-- KEYS[1] sys:{params}  KEYS[2] sys:{params}:provisioning
-- ARGV ttlMs, channel, provisioningJson, field1, value1, ...
-- returns the new version
local ttl = tonumber(ARGV[1])
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0') + 1
redis.call('DEL', KEYS[1])
for i = 4, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('HSET', KEYS[1], 'version', version)
redis.call('PEXPIRE', KEYS[1], ttl)
-- the document carries its own version (written as -1 by ProvisioningWriter) so a reader of the
-- document alone knows which version it holds
local doc = string.gsub(ARGV[3], '"version":%-1', '"version":' .. version, 1)
redis.call('SET', KEYS[2], doc, 'PX', ttl)
redis.call('PUBLISH', ARGV[2], 'provisioning ' .. version)
return version
