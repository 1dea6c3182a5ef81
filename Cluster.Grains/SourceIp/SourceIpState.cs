namespace Cluster.Grains;

/// <summary>What ops see of a source IP grain.</summary>
[GenerateSerializer]
public sealed record SourceIpState(
    string Address,
    bool Trusted,
    bool Blocked,
    BlockReason Reason,
    DateTimeOffset? BlockedUntil,
    int AuthFailures,
    int RequestsInSamplingUnit,
    int HotUnits);
