namespace Cluster.Silo;

/// <summary>Cluster-wide counts from the last bounded scan of the source IP and endpoint grains.</summary>
internal sealed record CensusCounts(
    int SourcesSeen,
    int BlockedSources,
    int EndpointsSeen,
    int OnlineEndpoints,
    int SuspendedEndpoints,
    bool Truncated,
    DateTimeOffset At);
