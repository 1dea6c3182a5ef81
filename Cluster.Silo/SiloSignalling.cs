using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cluster.Silo;

/// <summary>
/// What the silo's own SIP senders share (OPTIONS probes, maximum-duration BYEs): the address they send from,
/// endpoints as SIP text, and the little they read back from a final response. The silo has no SIP stack of its
/// own; it sends a few fixed requests and only needs a status and one header of the answers.
/// </summary>
internal static class SiloSignalling
{
    /// <summary>This host's address towards <paramref name="target"/> (the kernel's route choice) with the socket's port, for the Via.</summary>
    public static IPEndPoint LocalEndPointTowards(UdpClient socket, IPEndPoint target)
    {
        using var probe = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(target);
        return new IPEndPoint(((IPEndPoint)probe.LocalEndPoint!).Address, ((IPEndPoint)socket.Client.LocalEndPoint!).Port);
    }

    /// <summary>host:port, with brackets around an IPv6 address.</summary>
    public static string Format(IPEndPoint endPoint) =>
        endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]:{endPoint.Port}" : $"{endPoint.Address}:{endPoint.Port}";

    /// <summary>The status of a final response (≥ 200); null for a provisional response, a request or garbage.</summary>
    public static int? FinalStatus(string text) =>
        text.StartsWith("SIP/2.0 ", StringComparison.Ordinal) && text.Length >= 11
        && int.TryParse(text.AsSpan(8, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status >= 200
            ? status
            : null;

    /// <summary>The value of the first header called <paramref name="name"/> (or its compact form), trimmed; null when absent.</summary>
    public static string? HeaderValue(string text, string name, string compact)
    {
        foreach (var line in text.Split("\r\n"))
        {
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var header = line[..colon].Trim();
            if (header.Equals(name, StringComparison.OrdinalIgnoreCase) || header.Equals(compact, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
