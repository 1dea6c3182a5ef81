namespace Cluster.Grains.Provisioning;

/// <summary>routing_gateways[]: a vendor (termination).</summary>
public sealed record RoutingGateway
{
    public required string Name { get; init; }

    /// <summary>
    /// address: where the vendor's signalling is (<see cref="VendorAddress"/>): <c>IP</c>, <c>IP:port</c>,
    /// <c>[IPv6]:port</c>, <c>host</c> or <c>host:port</c>. An IP literal is kept with its port (5060 when none is
    /// written); a name as written, resolved by each edge (RFC 3263: SRV when no port is written, then A/AAAA).
    /// </summary>
    public required string Address { get; init; }

    /// <summary>transport: <c>udp</c> or <c>tcp</c>, the SRV name asked for a name without a port. Default udp.</summary>
    public VendorTransport Transport { get; init; } = VendorTransport.Udp;

    /// <summary>prefixes: dialled-number prefixes; the longest match wins.</summary>
    public IReadOnlyList<string> Prefixes { get; init; } = [];

    /// <summary>priority: 0-100, lower is tried first among equal prefixes.</summary>
    public int Priority { get; init; }

    public int LineLimit { get; init; }

    public int CpsLimit { get; init; }

    /// <summary>max_call_duration_s. Default 7200 s.</summary>
    public int MaxCallDurationSeconds { get; init; } = 7200;

    /// <summary>options_interval_s: SIP OPTIONS online check interval; 0 = no probing. Default 60 s.</summary>
    public int OptionsIntervalSeconds { get; init; } = 60;

    /// <summary>
    /// strip_digits: 0-32 leading digits of the dialled number removed before it is sent to this vendor
    /// (VOS3000 callee prefix rewrite). Routing still matches the number as dialled. Default 0.
    /// </summary>
    public int StripDigits { get; init; }

    /// <summary>add_prefix: digits, '+', '*' or '#' put in front of the number after stripping, e.g. "00". Default none.</summary>
    public string AddPrefix { get; init; } = string.Empty;
}
