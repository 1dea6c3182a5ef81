using System.Net;
using System.Text;
using Cluster.Edge.Sip;

namespace Cluster.Edge.Auth;

/// <summary>
/// Does the digest <c>uri</c> a client hashed name this server for this request? RFC 3261 §22.4 wants it equal
/// to the Request-URI, but clients write it their own way: SIPp's stock <c>[authentication]</c> puts in the host
/// and port it sent to when the Request-URI has no port. Like Kamailio and Asterisk we hash the uri as sent
/// (RFC 2617 §3.2.2, RFC 7616 §3.4) and accept it when it names us: the same scheme, the Request-URI's user or
/// none, the Request-URI's host or one of our addresses, the Request-URI's port or one we listen on (absent
/// means the scheme's default), parameters and headers ignored. Pure.
/// </summary>
internal static class DigestUriCheck
{
    /// <param name="digestUri">The credentials' uri, unescaped.</param>
    /// <param name="requestUri">The Request-URI as received.</param>
    /// <param name="ours">This edge's listening addresses and ports.</param>
    /// <param name="arrivedOn">The local address the request came in on (its port is ours even before <paramref name="ours"/> is known).</param>
    public static DigestUriVerdict Check(ReadOnlySpan<byte> digestUri, ReadOnlySpan<byte> requestUri, ServerAddresses ours, IPEndPoint? arrivedOn)
    {
        if (digestUri.SequenceEqual(requestUri))
        {
            return DigestUriVerdict.SameAsRequestUri;
        }

        if (!SipUri.TryParse(digestUri, out var named))
        {
            return DigestUriVerdict.Unparsable;
        }

        if (!SipUri.TryParse(requestUri, out var target) || named.Scheme != target.Scheme)
        {
            return DigestUriVerdict.OtherScheme;
        }

        switch (named.Scheme)
        {
            case SipUriScheme.Tel:
                // A telephone number names no host: the number is all there is to compare.
                return named.Number.SequenceEqual(target.Number) ? DigestUriVerdict.NamesThisServer : DigestUriVerdict.OtherUser;
            case SipUriScheme.Other:
                return DigestUriVerdict.OtherScheme;
        }

        // No user names the server itself (SIPp); another user would be credentials for another call.
        if (!named.User.IsEmpty && !named.User.SequenceEqual(target.User))
        {
            return DigestUriVerdict.OtherUser;
        }

        if (!IsOurHost(named.Host, target.Host, ours, arrivedOn))
        {
            return DigestUriVerdict.OtherHost;
        }

        var defaultPort = named.Scheme == SipUriScheme.Sips ? 5061 : 5060;
        var port = named.Port == 0 ? defaultPort : named.Port;
        var targetPort = target.Port == 0 ? defaultPort : target.Port;
        if (port != targetPort && !ours.HasPort(port) && arrivedOn?.Port != port)
        {
            return DigestUriVerdict.OtherPort;
        }

        return DigestUriVerdict.NamesThisServer;
    }

    public static bool IsAccepted(this DigestUriVerdict verdict) =>
        verdict is DigestUriVerdict.SameAsRequestUri or DigestUriVerdict.NamesThisServer;

    private static bool IsOurHost(ReadOnlySpan<byte> host, ReadOnlySpan<byte> targetHost, ServerAddresses ours, IPEndPoint? arrivedOn)
    {
        if (Ascii.EqualsIgnoreCase(host, targetHost))
        {
            return true;
        }

        // Addresses compare as addresses: [::1] and [0:0::1], or 127.0.0.1 and the edge's listener, are one host.
        if (!SipHost.TryParseAddress(host, out var address) || address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return ours.HasHost(address)
            || (SipHost.TryParseAddress(targetHost, out var targetAddress) && address.Equals(targetAddress))
            || (arrivedOn is not null && !arrivedOn.Address.Equals(IPAddress.Any) && !arrivedOn.Address.Equals(IPAddress.IPv6Any) && address.Equals(Normalize(arrivedOn.Address)));
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
