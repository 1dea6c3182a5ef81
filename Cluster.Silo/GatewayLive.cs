using Cluster.Grains;

namespace Cluster.Silo;

/// <summary>The gateway grain's live view: lines, CPS, ASR/ACD over the window, probe state.</summary>
internal sealed record GatewayLive(
    int LinesInUse,
    int CurrentCps,
    long Attempts,
    long Answered,
    double Asr,
    double AcdSeconds,
    bool Online,
    double? LastProbeRttMs,
    DateTimeOffset? LastProbe)
{
    public static GatewayLive? From(GatewayStats? s) => s is null
        ? null
        : new(s.LinesInUse, s.CurrentCps, s.Attempts, s.Answered, s.Asr, s.Acd.TotalSeconds, s.Online,
            s.LastProbeRtt?.TotalMilliseconds, s.LastProbe);
}
