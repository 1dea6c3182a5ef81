-- Endpoint grain: Unsuspend(). Ends a suspension, forgets the failures, and tells every edge
-- to drop its cached verdict for this endpoint.
-- KEYS[1] ep:{user}
-- ARGV channel, user
redis.call('HDEL', KEYS[1], 'su', 'rf')
redis.call('PUBLISH', ARGV[1], 'unsuspend ep ' .. ARGV[2])
return 1
