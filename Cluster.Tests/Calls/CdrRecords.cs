using Cluster.Grains.Cdr;
using Cluster.Tests.Infrastructure;
using StackExchange.Redis;

namespace Cluster.Tests.Calls;

/// <summary>The CDRs of a test cluster as the call grains stored them: the Redis stream, read back and decoded.</summary>
internal static class CdrRecords
{
    /// <summary>The CDR whose customer Call-ID is <paramref name="customerCallId"/>, awaited on the stream's keyspace events.</summary>
    public static async Task<CallDetailRecord> OfAsync(RedisServer redis, string customerCallId, TimeSpan? wait = null)
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = connection.GetDatabase();
        CallDetailRecord? found = null;
        await RedisKeyWatch.UntilAsync(redis, CdrStream.Key.ToString(), async () =>
        {
            found = (await AllAsync(db)).LastOrDefault(r => r.CustomerCallId == customerCallId);
            return found is not null;
        }, wait ?? TimeSpan.FromSeconds(30), "the CDR of " + customerCallId);
        return found!;
    }

    public static async Task<IReadOnlyList<CallDetailRecord>> AllAsync(IDatabase db) =>
        (await db.StreamRangeAsync(CdrStream.Key))
            .Select(e => CdrStream.Decode(e[CdrStream.Field]))
            .OfType<CallDetailRecord>()
            .ToList();
}
