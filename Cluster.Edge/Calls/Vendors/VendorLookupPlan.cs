using System.Net;
using Cluster.Edge.Transport;
using Cluster.Grains.Provisioning;

namespace Cluster.Edge.Calls.Vendors;

/// <summary>
/// What resolving a vendor address takes (RFC 3263 §4.2, UDP and TCP, no NAPTR). Pure:
/// an IP literal is the target itself; a name with a port is looked up as A/AAAA on that port; a name without one
/// asks SRV <c>_sip._udp.NAME</c> (or <c>_sip._tcp.NAME</c>) first and, when there is none, A/AAAA of the name on 5060.
/// </summary>
public sealed record VendorLookupPlan
{
    /// <summary>The endpoint of an IP literal: nothing to look up.</summary>
    public IPEndPoint? Literal { get; init; }

    /// <summary>The SRV name to ask first, or null (a literal, or a name with its port written).</summary>
    public string? SrvName { get; init; }

    /// <summary>The name whose A and AAAA records are asked when there is no SRV record (lower case, no trailing dot).</summary>
    public string Host { get; init; } = string.Empty;

    /// <summary>The port those A/AAAA answers are reached on.</summary>
    public int Port { get; init; }

    /// <summary>What the cache knows this lookup by: transport, name and the port when one is written.</summary>
    public string Key { get; init; } = string.Empty;

    public static VendorLookupPlan For(VendorAddress address, SipTransportKind transport)
    {
        var scheme = transport == SipTransportKind.Tcp ? "tcp" : "udp";
        if (address.EndPoint is { } literal)
        {
            return new VendorLookupPlan { Literal = literal, Host = address.Host, Port = literal.Port, Key = $"{scheme}:{address}" };
        }

        var host = address.Host.ToLowerInvariant();
        return address.Port is { } port
            ? new VendorLookupPlan { Host = host, Port = port, Key = $"{scheme}:{host}:{port}" }
            : new VendorLookupPlan { SrvName = $"_sip._{scheme}.{host}", Host = host, Port = VendorAddress.DefaultPort, Key = $"{scheme}:{host}" };
    }
}
