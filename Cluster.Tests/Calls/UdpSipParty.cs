using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cluster.Tests.Calls;

/// <summary>
/// A customer or vendor on a real UDP socket at a chosen address, written with strings for clarity: awaits
/// the message it expects (skipping others, e.g. 100 Trying or retransmissions) and answers requests by
/// copying Via, From, To, Call-ID and CSeq as RFC 3261 §8.2.6 says.
/// </summary>
public sealed class UdpSipParty : IDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly UdpClient _client;

    public UdpSipParty(string address, int port = 0) => _client = new UdpClient(new IPEndPoint(IPAddress.Parse(address), port));

    public IPEndPoint LocalEndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    /// <summary>Every message this party has received so far, whole, in order (to assert over all of them).</summary>
    public List<string> Received { get; } = [];

    public async Task SendAsync(string message, IPEndPoint to) => await _client.SendAsync(Encoding.ASCII.GetBytes(message), to);

    /// <summary>The next message whose start line begins with <paramref name="startLine"/>, with its sender.</summary>
    public async Task<(string Text, IPEndPoint From)> ExpectAsync(string startLine, string? cseqMethod = null, TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? Wait);
        var seen = new List<string>();
        try
        {
            while (true)
            {
                var result = await _client.ReceiveAsync(timeout.Token);
                var text = Encoding.ASCII.GetString(result.Buffer);
                Received.Add(text);
                seen.Add(text[..Math.Max(0, text.IndexOf('\r'))]);
                if (text.StartsWith(startLine, StringComparison.Ordinal)
                    && (cseqMethod is null || (Header(text, "CSeq") ?? "").EndsWith(" " + cseqMethod, StringComparison.Ordinal)))
                {
                    return (text, result.RemoteEndPoint);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{LocalEndPoint}: no '{startLine}' ({cseqMethod}) within {(wait ?? Wait).TotalSeconds} s; saw: {string.Join(" | ", seen)}");
        }
    }

    /// <summary>A response to <paramref name="request"/>: all its Via lines, From, To (with <paramref name="toTag"/> if it has none), Call-ID, CSeq.</summary>
    public static string Response(string request, int status, string reason, string toTag, string extra = "", string body = "")
    {
        var sb = new StringBuilder($"SIP/2.0 {status} {reason}\r\n");
        foreach (var line in request.Split("\r\n"))
        {
            if (line.StartsWith("Via:", StringComparison.OrdinalIgnoreCase))
            {
                sb.Append(line).Append("\r\n");
            }
        }

        var to = Header(request, "To")!;
        sb.Append($"From: {Header(request, "From")}\r\n");
        sb.Append($"To: {to}{(to.Contains(";tag=", StringComparison.Ordinal) ? "" : ";tag=" + toTag)}\r\n");
        sb.Append($"Call-ID: {Header(request, "Call-ID")}\r\n");
        sb.Append($"CSeq: {Header(request, "CSeq")}\r\n");
        sb.Append(extra);
        if (body.Length > 0)
        {
            sb.Append("Content-Type: application/sdp\r\n");
        }

        sb.Append($"Content-Length: {Encoding.ASCII.GetByteCount(body)}\r\n\r\n").Append(body);
        return sb.ToString();
    }

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

    public void Dispose() => _client.Dispose();
}
