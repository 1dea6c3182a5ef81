using System.Text;
using Cluster.Edge.Sip;

namespace Cluster.Edge.Calls.Forwarding;

/// <summary>What the INVITE path reads from a vendor's final response, which it relays as bytes.</summary>
internal static class ResponseText
{
    /// <summary>The reason phrase of a response's status line.</summary>
    public static string ReasonOf(byte[] response)
    {
        var lineEnd = response.AsSpan().IndexOf((byte)'\r');
        var line = lineEnd < 0 ? response : response.AsSpan(0, lineEnd);
        var space = line.IndexOf((byte)' ');
        var second = space < 0 ? -1 : line[(space + 1)..].IndexOf((byte)' ');
        return second < 0 ? string.Empty : Encoding.UTF8.GetString(line[(space + second + 2)..]);
    }

    /// <summary>The To header of a response (with the vendor's tag), for the hop-by-hop ACK; null when unparsable.</summary>
    public static string? ToHeaderOf(byte[] response)
    {
        var message = new SipMessage();
        var parsed = SipParser.Parse(response, new SipParserLimits(), SipFraming.Datagram, message);
        return parsed.Status == SipParseStatus.Complete && message.IndexOf(SipHeaderName.To) >= 0
            ? Encoding.UTF8.GetString(message.FirstValue(SipHeaderName.To))
            : null;
    }
}
