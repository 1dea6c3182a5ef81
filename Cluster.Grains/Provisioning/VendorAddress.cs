using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cluster.Grains.Provisioning;

/// <summary>
/// A routing gateway's <c>address</c>, parsed: an IP literal (<c>192.0.2.10</c>, <c>192.0.2.10:5060</c>,
/// <c>[2001:db8::1]:5060</c>, <c>2001:db8::1</c>) or a host name (<c>sip.vendor.example</c>,
/// <c>sip.vendor.example:5080</c>). Pure; the edge resolves names (RFC 3263), nothing here looks anything up.
/// </summary>
/// <remarks>
/// A host name needs at least two labels and a last label that is not all digits (RFC 1123 §2.1): a single
/// label would be completed by each machine's resolver search list, so edges could reach different vendors,
/// and <c>192.0.2.300</c> is a mistyped address, not a name. The unspecified addresses (<c>0.0.0.0</c>, <c>::</c>) are refused.
/// </remarks>
public readonly record struct VendorAddress
{
    /// <summary>The port of an address that names none and has no SRV record (RFC 3263 §4.2).</summary>
    public const int DefaultPort = 5060;

    private VendorAddress(string host, IPAddress? ip, int? port)
    {
        Host = host;
        Ip = ip;
        Port = port;
    }

    /// <summary>The host as written (no brackets, no trailing dot), or the IP address's text.</summary>
    public string Host { get; }

    /// <summary>The address when the host is an IP literal; null for a name.</summary>
    public IPAddress? Ip { get; }

    /// <summary>The port written, or null (then SRV decides for a name, <see cref="DefaultPort"/> otherwise).</summary>
    public int? Port { get; }

    public bool IsName => Ip is null;

    /// <summary>Where an IP literal sends to (<see cref="DefaultPort"/> when none is written); null for a name.</summary>
    public IPEndPoint? EndPoint => Ip is { } ip ? new IPEndPoint(ip, Port ?? DefaultPort) : null;

    public static bool TryParse(string? text, out VendorAddress address)
    {
        address = default;
        if (string.IsNullOrEmpty(text) || text.Length > 300)
        {
            return false;
        }

        string host;
        int? port = null;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 0 || !IPAddress.TryParse(text.AsSpan(1, close - 1), out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            var rest = text.AsSpan(close + 1);
            if (rest.Length > 0 && (rest[0] != ':' || !TryParsePort(rest[1..], out port)))
            {
                return false;
            }

            address = new VendorAddress(v6.ToString(), v6, port);
            return !v6.Equals(IPAddress.IPv6Any);
        }

        var colon = text.IndexOf(':');
        if (colon >= 0 && colon != text.LastIndexOf(':'))
        {
            // Several colons and no brackets: a bare IPv6 address, which cannot carry a port.
            if (!IPAddress.TryParse(text, out var bare) || bare.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = new VendorAddress(bare.ToString(), bare, null);
            return !bare.Equals(IPAddress.IPv6Any);
        }

        if (colon >= 0)
        {
            if (!TryParsePort(text.AsSpan(colon + 1), out port))
            {
                return false;
            }

            host = text[..colon];
        }
        else
        {
            host = text;
        }

        if (IsDottedNumbers(host))
        {
            // IPAddress.TryParse takes "10.1" and "1" too; only the four-part form is an address here.
            if (host.Count(c => c == '.') != 3 || !IPAddress.TryParse(host, out var v4) || v4.AddressFamily != AddressFamily.InterNetwork)
            {
                return false;
            }

            address = new VendorAddress(v4.ToString(), v4, port);
            return !v4.Equals(IPAddress.Any);
        }

        if (host.EndsWith('.'))
        {
            host = host[..^1];
        }

        if (!IsHostName(host))
        {
            return false;
        }

        address = new VendorAddress(host, null, port);
        return true;
    }

    /// <summary>
    /// The form provisioning keeps: an IP literal always with its port (<c>192.0.2.10:5060</c>,
    /// <c>[2001:db8::1]:5060</c>), a name as written (<c>sip.vendor.example</c> or <c>sip.vendor.example:5080</c>).
    /// </summary>
    public override string ToString()
    {
        if (EndPoint is { } endPoint)
        {
            return endPoint.AddressFamily == AddressFamily.InterNetworkV6
                ? $"[{endPoint.Address}]:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}"
                : $"{endPoint.Address}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}";
        }

        return Port is { } port ? $"{Host}:{port.ToString(CultureInfo.InvariantCulture)}" : Host;
    }

    private static bool TryParsePort(ReadOnlySpan<char> text, out int? port)
    {
        port = null;
        if (text.Length is 0 or > 5
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number is < 1 or > IPEndPoint.MaxPort)
        {
            return false;
        }

        port = number;
        return true;
    }

    private static bool IsDottedNumbers(string host) => host.Length > 0 && host.All(c => char.IsAsciiDigit(c) || c == '.');

    // RFC 1035 §2.3.1 with RFC 1123's leading digits: labels of letters, digits and inner hyphens, 1-63 long, 253 in all.
    private static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 253)
        {
            return false;
        }

        var labels = host.Split('.');
        if (labels.Length < 2 || labels[^1].All(char.IsAsciiDigit))
        {
            return false;
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
