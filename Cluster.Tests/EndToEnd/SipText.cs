using System.Net;

namespace Cluster.Tests.EndToEnd;

/// <summary>Builds test requests and reads responses as text; test-only, clarity over speed.</summary>
public static class SipText
{
    public static string Request(string method, IPEndPoint from, string callId, int cseq = 1, string branch = "", string transport = "UDP", string extraHeaders = "", bool rport = true)
    {
        branch = branch.Length > 0 ? branch : "z9hG4bK" + Guid.NewGuid().ToString("N")[..16];
        return $"{method} sip:edge@127.0.0.1 SIP/2.0\r\n" +
               $"Via: SIP/2.0/{transport} {from.Address}:{from.Port};branch={branch}{(rport ? ";rport" : "")}\r\n" +
               "Max-Forwards: 70\r\n" +
               $"From: <sip:1001@127.0.0.1>;tag=f{callId.GetHashCode():x}\r\n" +
               "To: <sip:edge@127.0.0.1>\r\n" +
               $"Call-ID: {callId}\r\n" +
               $"CSeq: {cseq} {method}\r\n" +
               extraHeaders +
               "Content-Length: 0\r\n\r\n";
    }

    public static int StatusCode(string response) => int.Parse(response.AsSpan(8, 3));

    public static string StatusLine(string response) => response[..response.IndexOf("\r\n", StringComparison.Ordinal)];

    /// <summary>The first value of a header (full name), or null.</summary>
    public static string? Header(string message, string name)
    {
        foreach (var line in message.Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
