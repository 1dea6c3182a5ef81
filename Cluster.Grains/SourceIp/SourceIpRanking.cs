namespace Cluster.Grains;

/// <summary>Orders sources for <c>ip top</c>: blocked first (latest expiry first), then by auth failures and request rate.</summary>
public static class SourceIpRanking
{
    public static List<SourceIpState> Rank(IEnumerable<SourceIpState> sources, int count) =>
        sources
            .Where(s => s.Blocked || s.AuthFailures > 0 || s.RequestsInSamplingUnit > 0 || s.HotUnits > 0)
            .OrderByDescending(s => s.Blocked)
            .ThenByDescending(s => s.BlockedUntil ?? DateTimeOffset.MinValue)
            .ThenByDescending(s => s.AuthFailures)
            .ThenByDescending(s => s.RequestsInSamplingUnit)
            .ThenBy(s => s.Address, StringComparer.Ordinal)
            .Take(count)
            .ToList();
}
