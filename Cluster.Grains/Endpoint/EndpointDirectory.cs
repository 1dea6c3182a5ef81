namespace Cluster.Grains;

/// <summary>
/// Cluster-wide views of the accounts for the admin API and /metrics, without SCAN: a bounded fan-out over the
/// <see cref="EndpointShards.Count"/> shard grains, a limited number of calls in flight.
/// </summary>
public static class EndpointDirectory
{
    private const int InFlight = 64;

    /// <summary>Counts over every shard.</summary>
    public static async Task<EndpointCensus> CensusAsync(IGrainFactory orleans, DateTimeOffset now)
    {
        var counts = await PerShardAsync(orleans, now).ConfigureAwait(false);
        return counts.Aggregate(EndpointCensus.Zero, (sum, c) => sum.Plus(c));
    }

    /// <summary>
    /// Up to <paramref name="limit"/> accounts with state, sorted by user: the shards are counted first, then only
    /// as many shards are asked for as many entries as the limit needs, so a listing moves at most the limit.
    /// </summary>
    public static async Task<EndpointListing> ListAsync(IGrainFactory orleans, int limit, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var counts = await PerShardAsync(orleans, now).ConfigureAwait(false);
        var total = counts.Sum(c => c.Endpoints);
        var asks = new List<(long Shard, int Take)>();
        var remaining = limit;
        for (var shard = 0; shard < counts.Length && remaining > 0; shard++)
        {
            if (counts[shard].Endpoints > 0)
            {
                var take = Math.Min(remaining, counts[shard].Endpoints);
                asks.Add((shard, take));
                remaining -= take;
            }
        }

        var listed = new List<EndpointState>(limit - remaining);
        for (var i = 0; i < asks.Count; i += InFlight)
        {
            var pages = await Task.WhenAll(asks.Skip(i).Take(InFlight)
                .Select(a => orleans.GetGrain<IEndpointShardGrain>(a.Shard).ListAsync(a.Take, now))).ConfigureAwait(false);
            foreach (var page in pages)
            {
                listed.AddRange(page);
            }
        }

        listed.Sort((a, b) => string.CompareOrdinal(a.User, b.User));
        if (listed.Count > limit)
        {
            listed.RemoveRange(limit, listed.Count - limit);
        }

        return new EndpointListing(listed, Math.Max(total, listed.Count));
    }

    private static async Task<EndpointCensus[]> PerShardAsync(IGrainFactory orleans, DateTimeOffset now)
    {
        var counts = new EndpointCensus[EndpointShards.Count];
        for (var first = 0; first < counts.Length; first += InFlight)
        {
            var batch = Enumerable.Range(first, Math.Min(InFlight, counts.Length - first))
                .Select(s => orleans.GetGrain<IEndpointShardGrain>(s).CensusAsync(now));
            var got = await Task.WhenAll(batch).ConfigureAwait(false);
            got.CopyTo(counts, first);
        }

        return counts;
    }
}
