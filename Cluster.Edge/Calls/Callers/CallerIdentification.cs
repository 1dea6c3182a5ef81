using System.Net;
using Cluster.Grains.Provisioning;

namespace Cluster.Edge.Calls.Callers;

/// <summary>
/// Who is calling, by VOS3000's call authentication mode: an IP + port gateway matches address and source
/// port, an IP gateway the address; a password gateway is found by the digest user name. Pure.
/// </summary>
public static class CallerIdentification
{
    /// <summary>The mapping gateway whose address (and port, for ip_port) is <paramref name="source"/>, most specific first.</summary>
    public static MappingGateway? ByAddress(IReadOnlyList<MappingGateway> gateways, IPEndPoint source)
    {
        var address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        MappingGateway? byIp = null;
        foreach (var gateway in gateways)
        {
            if (gateway.Auth == GatewayAuthMode.Password || gateway.Ip is null || !IPAddress.TryParse(gateway.Ip, out var ip) || !ip.Equals(address))
            {
                continue;
            }

            if (gateway.Auth == GatewayAuthMode.IpPort)
            {
                if (gateway.Port == source.Port)
                {
                    return gateway;
                }
            }
            else
            {
                byIp ??= gateway;
            }
        }

        return byIp;
    }

    /// <summary>The password gateway whose digest user is <paramref name="user"/>.</summary>
    public static MappingGateway? ByDigestUser(IReadOnlyList<MappingGateway> gateways, string user)
    {
        foreach (var gateway in gateways)
        {
            if (gateway.Auth == GatewayAuthMode.Password && string.Equals(gateway.User, user, StringComparison.Ordinal))
            {
                return gateway;
            }
        }

        return null;
    }

    public static bool AnyPasswordGateway(IReadOnlyList<MappingGateway> gateways) =>
        gateways.Any(g => g.Auth == GatewayAuthMode.Password);
}
