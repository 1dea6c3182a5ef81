-- System parameters grain: keep provisioning alive. Returns 0 when it is gone (Redis flushed
-- or restarted without persistence) so the silo writes it again.
-- KEYS[1] sys:{params}  KEYS[2] sys:{params}:provisioning
-- ARGV ttlMs
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1
