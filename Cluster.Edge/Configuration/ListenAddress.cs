using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Configuration;

/// <summary>One <c>--listen</c> value: <c>udp:IP:PORT</c> or <c>tcp:IP:PORT</c>, IPv6 in brackets (<c>udp:[::1]:5060</c>).</summary>
public sealed record ListenAddress(SipTransportKind Kind, IPEndPoint EndPoint)
{
    public static bool TryParse(string text, [NotNullWhen(true)] out ListenAddress? address)
    {
        address = null;
        var colon = text.IndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        SipTransportKind kind;
        switch (text[..colon].ToLowerInvariant())
        {
            case "udp":
                kind = SipTransportKind.Udp;
                break;
            case "tcp":
                kind = SipTransportKind.Tcp;
                break;
            default:
                return false;
        }

        if (!TryParseEndPoint(text[(colon + 1)..], out var endPoint))
        {
            return false;
        }

        address = new ListenAddress(kind, endPoint);
        return true;
    }

    /// <summary>
    /// Parses <c>IPv4:PORT</c> or <c>[IPv6]:PORT</c>. The port is required and host names are refused:
    /// a listener binds an address, and a silent default port or a DNS lookup at start would hide mistakes.
    /// </summary>
    public static bool TryParseEndPoint(string text, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = text[1..close];
            port = text[(close + 2)..];
        }
        else
        {
            var colon = text.IndexOf(':');
            if (colon < 0 || colon != text.LastIndexOf(':'))
            {
                return false;
            }

            host = text[..colon];
            port = text[(colon + 1)..];
        }

        if (!IPAddress.TryParse(host, out var ip)
            || (text.StartsWith('[') != (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6))
            || port.Length == 0
            || !port.All(char.IsAsciiDigit)
            || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number > IPEndPoint.MaxPort)
        {
            return false;
        }

        endPoint = new IPEndPoint(ip, number);
        return true;
    }

    public override string ToString() => Format(Kind, EndPoint);

    public static string Format(SipTransportKind kind, IPEndPoint endPoint) =>
        (kind == SipTransportKind.Udp ? "udp:" : "tcp:") + endPoint;
}
