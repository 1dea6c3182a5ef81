using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cluster.Tests.EndToEnd;

/// <summary>A SIP peer on a real TCP connection to an edge process: writes bytes as given, reads whole responses.</summary>
public sealed class SipTcpPeer : IDisposable
{
    private readonly TcpClient _client;
    private readonly StringBuilder _received = new();
    private readonly byte[] _buffer = new byte[8192];

    private SipTcpPeer(TcpClient client) => _client = client;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    public static async Task<SipTcpPeer> ConnectAsync(IPEndPoint edge)
    {
        var client = new TcpClient(edge.AddressFamily);
        using var timeout = new CancellationTokenSource(SipUdpPeer.ReplyTimeout);
        await client.ConnectAsync(edge, timeout.Token);
        return new SipTcpPeer(client);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.ASCII.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _client.GetStream().WriteAsync(bytes);

    /// <summary>
    /// Reads until <paramref name="count"/> more complete responses (each with Content-Length: 0, as the edge's
    /// own answers have) arrived; a timeout or a close names what was awaited and what came.
    /// </summary>
    public async Task<List<string>> ReadResponsesAsync(int count, string awaited)
    {
        using var timeout = new CancellationTokenSource(SipUdpPeer.ReplyTimeout);
        var responses = new List<string>();
        while (true)
        {
            var text = _received.ToString();
            int end;
            while (responses.Count < count && (end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
            {
                responses.Add(text[..(end + 4)]);
                text = text[(end + 4)..];
            }

            _received.Clear().Append(text);
            if (responses.Count == count)
            {
                return responses;
            }

            int read;
            try
            {
                read = await _client.GetStream().ReadAsync(_buffer, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"awaited {awaited} over TCP for {SipUdpPeer.ReplyTimeout.TotalSeconds} s; got: {string.Join(string.Empty, responses)}{text}");
            }

            if (read == 0)
            {
                throw new IOException($"the edge closed the connection while {awaited} was awaited; got: {string.Join(string.Empty, responses)}{text}");
            }

            _received.Append(Encoding.Latin1.GetString(_buffer, 0, read));
        }
    }

    public void Dispose() => _client.Dispose();
}
