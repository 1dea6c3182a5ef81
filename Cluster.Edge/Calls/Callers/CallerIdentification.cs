using System.Net;
using System.Text;
using Cluster.Edge.Sip;
using Cluster.Grains.Provisioning;

namespace Cluster.Edge.Calls.Callers;

/// <summary>
/// Who is calling, by VOS3000's call authentication mode: an IP + port gateway matches address and source
/// port, an IP gateway the address; a password gateway is found by the digest user name; a registration
/// gateway by its account, named in From (then its registered address decides) or as the digest user. Pure.
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
            if (gateway.Auth is not (GatewayAuthMode.Ip or GatewayAuthMode.IpPort) || gateway.Ip is null || !IPAddress.TryParse(gateway.Ip, out var ip) || !ip.Equals(address))
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

    /// <summary>The gateway a digest user authenticates: a password gateway by its user, else a registration gateway by its account.</summary>
    public static MappingGateway? ByDigestUser(IReadOnlyList<MappingGateway> gateways, string user)
    {
        foreach (var gateway in gateways)
        {
            if (gateway.Auth == GatewayAuthMode.Password && string.Equals(gateway.User, user, StringComparison.Ordinal))
            {
                return gateway;
            }
        }

        return ByAccount(gateways, user);
    }

    /// <summary>The registration gateway whose account is <paramref name="user"/> (the From user of an INVITE, or a digest user).</summary>
    public static MappingGateway? ByAccount(IReadOnlyList<MappingGateway> gateways, string user)
    {
        if (user.Length == 0)
        {
            return null;
        }

        foreach (var gateway in gateways)
        {
            if (gateway.Auth == GatewayAuthMode.Registration && string.Equals(gateway.Account, user, StringComparison.Ordinal))
            {
                return gateway;
            }
        }

        return null;
    }

    /// <summary>
    /// The password a digest of <paramref name="user"/> is checked with: <paramref name="gateway"/>'s own (password
    /// mode) or its account's (registration mode); with no gateway, the password of the account named
    /// <paramref name="user"/>, so that a phone answering with its own correct credentials is known to be right
    /// (and refused for having no calling rights, not for a wrong password); null for anybody else.
    /// </summary>
    public static string? DigestPassword(ProvisioningDocument provisioning, MappingGateway? gateway, string user) => gateway?.Auth switch
    {
        GatewayAuthMode.Password => gateway.Password,
        GatewayAuthMode.Registration when provisioning.TryGetAccountPassword(gateway.Account ?? string.Empty, out var password) => password,
        null when user.Length > 0 && provisioning.TryGetAccountPassword(user, out var password) => password,
        _ => null,
    };

    /// <summary>The user part of a From header value (<c>"A" &lt;sip:2000@host&gt;;tag=x</c> gives <c>2000</c>); empty when there is none.</summary>
    public static string ClaimedUser(ReadOnlySpan<byte> from) =>
        NameAddr.TryParse(from, out var nameAddr) && SipUri.TryParse(nameAddr.Uri, out var uri) && uri.Scheme is SipUriScheme.Sip or SipUriScheme.Sips
            ? Encoding.UTF8.GetString(uri.User)
            : string.Empty;

    /// <summary>True when some caller can prove itself with a digest answer, so a stranger is worth a challenge.</summary>
    public static bool AnyDigestGateway(IReadOnlyList<MappingGateway> gateways) =>
        gateways.Any(g => g.Auth is GatewayAuthMode.Password or GatewayAuthMode.Registration);
}
