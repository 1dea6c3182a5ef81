using System.Globalization;
using System.Net;
using System.Text;
using Cluster.Grains.Calls;

namespace Cluster.Silo.Hangup;

/// <summary>
/// The BYEs that end an answered call from the cluster (maximum duration, operator), as pure text: one into each leg,
/// written from the call grain's leg state (the party's Contact, route set, tags, Call-ID, next CSeq); and the branch
/// of a final answer, to match it.
/// </summary>
internal static class HangupRequest
{
    public static byte[] Bye(LegRequest leg, IPEndPoint local, string branch, string reasonHeader)
    {
        var routes = string.Concat(leg.RouteSet.Select(r => $"Route: {r}\r\n"));
        return Encoding.UTF8.GetBytes(
            $"BYE {leg.RequestUri} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {SiloSignalling.Format(local)};branch={branch};rport\r\n" +
            routes +
            "Max-Forwards: 70\r\n" +
            $"From: {leg.From}\r\n" +
            $"To: {leg.To}\r\n" +
            $"Call-ID: {leg.CallId}\r\n" +
            $"CSeq: {leg.CSeq.ToString(CultureInfo.InvariantCulture)} BYE\r\n" +
            reasonHeader +
            "Content-Length: 0\r\n\r\n");
    }

    public static string NewBranch() => "z9hG4bK-hangup-" + Guid.NewGuid().ToString("N");

    /// <summary>The branch of the top Via of a final response (status ≥ 200), with its status; null for anything else.</summary>
    public static (string Branch, int Status)? FinalAnswer(ReadOnlySpan<byte> datagram)
    {
        var text = Encoding.UTF8.GetString(datagram);
        if (SiloSignalling.FinalStatus(text) is not { } status || SiloSignalling.HeaderValue(text, "Via", "v") is not { } via)
        {
            return null;
        }

        var at = via.IndexOf("branch=", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var value = via[(at + "branch=".Length)..];
        var end = value.IndexOfAny([';', ',', ' ', '\t']);
        return (end < 0 ? value : value[..end], status);
    }

    /// <summary>An endpoint as text; the address came from our own record, so it is already valid.</summary>
    public static IPEndPoint? EndPointOf(string text) => IPEndPoint.TryParse(text, out var endPoint) ? endPoint : null;
}
