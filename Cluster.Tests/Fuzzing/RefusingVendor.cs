using System.Net;
using System.Net.Sockets;
using System.Text;
using Cluster.Tests.Calls;

namespace Cluster.Tests.Fuzzing;

/// <summary>
/// The vendors of the fuzzed edge: one UDP socket that answers every INVITE at once with 503 (and CANCEL, BYE with
/// 200), so a fuzzed call ends in milliseconds instead of holding a client transaction for Timer B.
/// </summary>
public sealed class RefusingVendor : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _answering;

    public RefusingVendor() => _answering = AnswerAsync();

    public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    public int InvitesRefused { get; private set; }

    private async Task AnswerAsync()
    {
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(_stop.Token);
                var text = Encoding.ASCII.GetString(received.Buffer);
                var answer = text.StartsWith("INVITE ", StringComparison.Ordinal) ? (503, "Service Unavailable")
                    : text.StartsWith("CANCEL ", StringComparison.Ordinal) || text.StartsWith("BYE ", StringComparison.Ordinal) ? (200, "OK")
                    : (0, string.Empty);
                if (answer.Item1 == 0 || UdpSipParty.Header(text, "To") is null)
                {
                    continue;
                }

                InvitesRefused += answer.Item1 == 503 ? 1 : 0;
                await _socket.SendAsync(Encoding.ASCII.GetBytes(UdpSipParty.Response(text, answer.Item1, answer.Item2, "fuzzvendor")), received.RemoteEndPoint);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _answering.Wait(TimeSpan.FromSeconds(5));
        _socket.Dispose();
        _stop.Dispose();
    }
}
