namespace Cluster.Grains;

/// <summary>
/// Every rule the grains apply, as one immutable snapshot. Provisioning builds a new one and
/// swaps it in; turns take the limits as arguments, so a change applies from the next call.
/// </summary>
public sealed record GrainPolicy
{
    public SourceIpPolicy SourceIp { get; init; } = new();

    public EndpointPolicy Endpoint { get; init; } = new();

    /// <summary>Limits by gateway name (mapping and routing gateways share one namespace).</summary>
    public IReadOnlyDictionary<string, GatewayLimits> Gateways { get; init; } = new Dictionary<string, GatewayLimits>();

    /// <summary>Limits for a gateway that is not provisioned (yet): unlimited, leases still expire.</summary>
    public GatewayLimits DefaultGateway { get; init; } = GatewayLimits.Unlimited;

    public GatewayLimits GatewayLimitsFor(string name) =>
        Gateways.TryGetValue(name, out var limits) ? limits : DefaultGateway;

    public static GrainPolicy Defaults { get; } = new();
}
