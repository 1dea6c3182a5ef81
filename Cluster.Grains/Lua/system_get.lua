-- System parameters grain: Get().
-- KEYS[1] sys:{params}
return redis.call('HGETALL', KEYS[1])
