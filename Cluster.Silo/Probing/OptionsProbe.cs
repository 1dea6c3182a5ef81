using System.Globalization;
using System.Net;
using System.Text;

namespace Cluster.Silo.Probing;

/// <summary>
/// The SIP OPTIONS online check of a routing gateway (VOS3000's "OPTIONS online check"), as pure text
/// in and out: the request the silo sends, and what it reads back (the Call-ID it answers and whether
/// it is a final response). Any final response proves the gateway is up; silence does not.
/// </summary>
internal static class OptionsProbe
{
    public static byte[] Request(IPEndPoint gateway, IPEndPoint local, string callId)
    {
        var branch = "z9hG4bK-probe-" + callId;
        var target = SiloSignalling.Format(gateway);
        var from = SiloSignalling.Format(local);
        return Encoding.ASCII.GetBytes(
            $"OPTIONS sip:{target} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {from};branch={branch};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:probe@{from}>;tag={callId[..8]}\r\n" +
            $"To: <sip:{target}>\r\n" +
            $"Call-ID: {callId}\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "User-Agent: cluster-silo-probe\r\n" +
            "Content-Length: 0\r\n\r\n");
    }

    /// <summary>The Call-ID of a final response (status ≥ 200), or null for anything else.</summary>
    public static string? AnsweredCallId(ReadOnlySpan<byte> datagram)
    {
        var text = Encoding.ASCII.GetString(datagram);
        return SiloSignalling.FinalStatus(text) is null ? null : SiloSignalling.HeaderValue(text, "Call-ID", "i");
    }
}
