using System.IO.Hashing;

namespace Cluster.Grains;

/// <summary>
/// Which shard grain (<see cref="ISourceShardGrain"/>) holds a source address: a stable hash of its 16-byte key, the
/// same on every edge and silo. Admin views ask every shard at once instead of scanning Redis.
/// </summary>
public static class SourceIpShards
{
    /// <summary>
    /// Enough shards to spread a flood's turns over a cluster's cores and keep each shard's table small (100k sources
    /// are ~400 entries a shard); few enough that a fan-out to all of them is cheap, and their fixed cost
    /// (~2 KB an activation) is nothing beside the entries.
    /// </summary>
    public const int Count = 256;

    public static long Of(UInt128 key)
    {
        Span<byte> bytes = stackalloc byte[16];
        SourceAddress.Write(key, bytes);
        return (long)(XxHash3.HashToUInt64(bytes) % Count);
    }

    /// <summary>
    /// The <paramref name="count"/> sources ops look at first (blocked, then failing, then busiest) across every
    /// shard, and how many sources are tracked.
    /// </summary>
    public static async Task<SourceIpTop> TopAsync(IGrainFactory orleans, int count, DateTimeOffset now)
    {
        var shards = await Task.WhenAll(All(orleans).Select(s => s.TopAsync(count, now))).ConfigureAwait(false);
        return new SourceIpTop(
            shards.Sum(s => s.Tracked),
            SourceIpRanking.Rank(shards.SelectMany(s => s.Sources), count));
    }

    /// <summary>Tracked and blocked sources across every shard.</summary>
    public static async Task<SourceIpCensus> CensusAsync(IGrainFactory orleans, DateTimeOffset now)
    {
        var shards = await Task.WhenAll(All(orleans).Select(s => s.CensusAsync(now))).ConfigureAwait(false);
        return new SourceIpCensus(shards.Sum(s => s.Tracked), shards.Sum(s => s.Blocked));
    }

    private static IEnumerable<ISourceShardGrain> All(IGrainFactory orleans) =>
        Enumerable.Range(0, Count).Select(i => orleans.GetGrain<ISourceShardGrain>(i));
}
