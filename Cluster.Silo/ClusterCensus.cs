using System.Net;
using Cluster.Grains;

namespace Cluster.Silo;

/// <summary>
/// Counts blocked sources and suspended or online endpoints for /metrics: the source IP shard grains' own counts, a
/// bounded SCAN of <c>ep:{*}</c> plus one <c>Get</c> turn per endpoint grain, at most once per reminder
/// interval (<c>--sweep-interval-s</c>) however often Prometheus scrapes (several scrapers share one count).
/// </summary>
internal sealed class ClusterCensus(IGrainFactory orleans, SiloState state, SiloOptions options, TimeProvider time)
{
    /// <summary>Grains looked at per kind; beyond it the counts are lower bounds (silo_census_truncated 1).</summary>
    internal const int MaxKeys = 10_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private CensusCounts? _last;

    /// <summary>The latest counts; the previous ones (or null) while Redis is away.</summary>
    public async Task<CensusCounts?> GetAsync()
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Fresh() is { } again)
            {
                return again;
            }

            _last = await CountAsync().ConfigureAwait(false);
            return _last;
        }
        catch (GrainUnavailableException)
        {
            return _last;
        }
        finally
        {
            _gate.Release();
        }
    }

    private CensusCounts? Fresh() => _last is { } l && time.GetUtcNow() - l.At < options.SweepInterval ? l : null;

    private async Task<CensusCounts> CountAsync()
    {
        var now = time.GetUtcNow();
        // sources: every shard grain counts its own (no SCAN, never truncated)
        var sources = await state.GrainLatency.TimeAsync(() => SourceIpShards.CensusAsync(orleans, now)).ConfigureAwait(false);

        var endpoints = await CountEndpointsAsync(now).ConfigureAwait(false);

        return new CensusCounts(
            sources.Tracked,
            sources.Blocked,
            endpoints.Endpoints,
            endpoints.Online,
            endpoints.Suspended,
            false,
            now);
    }

    /// <summary>Every endpoint shard grain counts its own accounts: exact, no SCAN.</summary>
    private Task<EndpointCensus> CountEndpointsAsync(DateTimeOffset now) =>
        EndpointDirectory.CensusAsync(orleans, now);
}
