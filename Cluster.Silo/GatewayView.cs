using Cluster.Grains;
using Cluster.Grains.Provisioning;

namespace Cluster.Silo;

/// <summary>JSON shape of a gateway in the admin API: provisioning plus the live view (VOS3000 "online view").</summary>
internal sealed record GatewayView(
    string Name,
    string Kind,
    string? Auth,
    string? Ip,
    string? Address,
    IReadOnlyList<string>? Prefixes,
    int? Priority,
    int CpsLimit,
    int LineLimit,
    int LinesInUse,
    int CurrentCps,
    long Attempts,
    long Answered,
    double Asr,
    double AcdSeconds,
    bool Online,
    double? LastProbeRttMs)
{
    public static GatewayView Mapping(MappingGateway g, GatewayStats s) => new(
        g.Name, "mapping", g.Auth.ToString().ToLowerInvariant() switch { "ipport" => "ip_port", var a => a },
        g.Ip, null, null, null, g.CpsLimit, g.LineLimit,
        s.LinesInUse, s.CurrentCps, s.Attempts, s.Answered, s.Asr, s.Acd.TotalSeconds, s.Online, s.LastProbeRtt?.TotalMilliseconds);

    public static GatewayView Routing(RoutingGateway g, GatewayStats s) => new(
        g.Name, "routing", null, null, g.Address, g.Prefixes, g.Priority, g.CpsLimit, g.LineLimit,
        s.LinesInUse, s.CurrentCps, s.Attempts, s.Answered, s.Asr, s.Acd.TotalSeconds, s.Online, s.LastProbeRtt?.TotalMilliseconds);
}
