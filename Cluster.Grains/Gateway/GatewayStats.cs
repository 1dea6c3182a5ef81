namespace Cluster.Grains;

/// <summary>The online view of a gateway: lines, CPS, ASR/ACD over the sliding window, probe state.</summary>
[GenerateSerializer]
[Alias("gateway.stats")]
public sealed record GatewayStats(
    string Name,
    int LinesInUse,
    int LineLimit,
    double CpsLimit,
    int CurrentCps,
    long Attempts,
    long Answered,
    double Asr,
    TimeSpan Acd,
    bool Online,
    TimeSpan? LastProbeRtt,
    DateTimeOffset? LastProbe);
