using System.Net;
using System.Net.Sockets;

namespace Cluster.Tests.Infrastructure;

/// <summary>
/// Awaits a TCP listener (a SIPp started over TCP): the signal is a connection it accepts, tried every 50 ms until
/// the deadline. Over UDP a late listener is covered by retransmissions; over TCP the first connection must find it.
/// </summary>
public static class TcpListening
{
    public static async Task UntilAsync(IPEndPoint endPoint, TimeSpan timeout, string awaited)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            using (var client = new TcpClient())
            {
                try
                {
                    await client.ConnectAsync(endPoint, deadline.Token);
                    return;
                }
                catch (SocketException)
                {
                    // not listening yet
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            try
            {
                await tick.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"{awaited}: nothing accepted TCP connections on {endPoint} within {timeout.TotalSeconds} s");
    }
}
