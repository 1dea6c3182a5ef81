using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cluster.Tests.EndToEnd;

/// <summary>A SIP peer on a real UDP socket of 127.0.0.1, for talking to an edge process.</summary>
public sealed class SipUdpPeer : IDisposable
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);

    private readonly UdpClient _client = new(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint LocalEndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    public Task SendAsync(string message, IPEndPoint edge) => SendAsync(Encoding.ASCII.GetBytes(message), edge);

    public async Task SendAsync(byte[] message, IPEndPoint edge) => await _client.SendAsync(message, edge);

    /// <summary>The next datagram, or a TimeoutException naming what was awaited.</summary>
    public async Task<string> ReceiveAsync(string awaited)
    {
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        try
        {
            var result = await _client.ReceiveAsync(timeout.Token);
            return Encoding.ASCII.GetString(result.Buffer);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no UDP datagram within {ReplyTimeout.TotalSeconds} s while awaiting {awaited}");
        }
    }

    /// <summary>Skips datagrams that do not match; null when none matched within <paramref name="wait"/>.</summary>
    public async Task<string?> TryReceiveMatchingAsync(Func<string, bool> match, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var result = await _client.ReceiveAsync(timeout.Token);
                var text = Encoding.ASCII.GetString(result.Buffer);
                if (match(text))
                {
                    return text;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose() => _client.Dispose();
}
