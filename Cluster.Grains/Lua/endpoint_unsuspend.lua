-- Endpoint grain: Unsuspend(). Ends a suspension and forgets the failures.
-- KEYS[1] ep:{user}
redis.call('HDEL', KEYS[1], 'su', 'rf')
return 1
