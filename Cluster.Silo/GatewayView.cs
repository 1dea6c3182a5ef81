using Cluster.Grains;
using Cluster.Grains.Provisioning;

namespace Cluster.Silo;

/// <summary>
/// JSON shape of a gateway in the admin API: its provisioning, plus the live view (VOS3000
/// "online view") when the grain host answers; <c>live</c> is null and <c>liveError</c> says
/// why when it does not, so ops still see what is provisioned while Redis is away.
/// </summary>
internal sealed record GatewayView(
    string Name,
    string Kind,
    string? Auth,
    string? Ip,
    int? Port,
    string? Address,
    IReadOnlyList<string>? Prefixes,
    int? Priority,
    string? Account,
    int? StripDigits,
    string? AddPrefix,
    int CpsLimit,
    int LineLimit,
    int MaxCallDurationS,
    GatewayLive? Live,
    string? LiveError)
{
    public static GatewayView Mapping(MappingGateway g, GatewayStats? s, string? error = null) => new(
        g.Name, "mapping", g.Auth switch { GatewayAuthMode.Ip => "ip", GatewayAuthMode.IpPort => "ip_port", GatewayAuthMode.Registration => "registration", _ => "password" },
        g.Ip, g.Port, null, null, null, g.Account, null, null, g.CpsLimit, g.LineLimit, g.MaxCallDurationSeconds, GatewayLive.From(s), error);

    public static GatewayView Routing(RoutingGateway g, GatewayStats? s, string? error = null) => new(
        g.Name, "routing", null, null, null, g.Address, g.Prefixes, g.Priority, null, g.StripDigits, g.AddPrefix, g.CpsLimit, g.LineLimit,
        g.MaxCallDurationSeconds, GatewayLive.From(s), error);
}
