using StackExchange.Redis;

namespace Cluster.Tests.Infrastructure;

/// <summary>
/// Awaits state another process writes into Redis (a silo reminder, a probe, a sweep) as a signal, not by
/// polling: it subscribes to the key's keyspace notifications and re-checks the condition each time the key
/// changes. The test Redis runs with <c>notify-keyspace-events KA</c>.
/// </summary>
public static class RedisKeyWatch
{
    public static async Task UntilAsync(RedisServer redis, string key, Func<Task<bool>> condition, TimeSpan timeout, string awaited)
    {
        using var mux = ConnectionMultiplexer.Connect(redis.Configuration);
        using var changed = new SemaphoreSlim(0);
        // Subscribed before the first check, so a change between the check and the wait is not missed.
        mux.GetSubscriber().Subscribe(RedisChannel.Literal($"__keyspace@0__:{key}"), (_, _) => changed.Release());
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero && await changed.WaitAsync(left), $"waited {timeout.TotalSeconds} s for {awaited} (key {key})");
        }
    }

    public static Task UntilAsync(RedisServer redis, string key, Func<bool> condition, TimeSpan timeout, string awaited) =>
        UntilAsync(redis, key, () => Task.FromResult(condition()), timeout, awaited);
}
