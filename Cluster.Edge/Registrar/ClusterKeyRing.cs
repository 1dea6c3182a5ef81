using Cluster.Grains;

namespace Cluster.Edge.Registrar;

/// <summary>
/// This edge's copy of the cluster key grain's keys: fetched once, refreshed every
/// <paramref name="refreshEvery"/> and at once when a <c>cluster-key</c> change message arrives.
/// </summary>
internal sealed class ClusterKeyRing(IClusterGrains grains, TimeSpan refreshEvery)
{
    private volatile ClusterKeys? _keys;
    private long _fetchedAtMs = long.MinValue / 2;

    public async ValueTask<ClusterKeys> GetAsync(long nowMs)
    {
        if (_keys is { } keys && nowMs - Volatile.Read(ref _fetchedAtMs) < (long)refreshEvery.TotalMilliseconds)
        {
            return keys;
        }

        var fresh = await grains.GetClusterKeyGrain().GetAsync(DateTimeOffset.FromUnixTimeMilliseconds(nowMs)).ConfigureAwait(false);
        _keys = fresh;
        Volatile.Write(ref _fetchedAtMs, nowMs);
        return fresh;
    }

    /// <summary>The cached keys while fresh, without any I/O; null when they must be fetched.</summary>
    public ClusterKeys? TryGetCached(long nowMs) =>
        _keys is { } keys && nowMs - Volatile.Read(ref _fetchedAtMs) < (long)refreshEvery.TotalMilliseconds ? keys : null;

    public void Invalidate() => Volatile.Write(ref _fetchedAtMs, long.MinValue / 2);
}
