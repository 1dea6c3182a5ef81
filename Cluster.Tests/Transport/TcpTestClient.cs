using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cluster.Tests.Transport;

/// <summary>A raw TCP peer for transport tests: writes bytes as given and reads with a timeout.</summary>
internal sealed class TcpTestClient : IDisposable
{
    private readonly Socket _socket;

    private TcpTestClient(Socket socket) => _socket = socket;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static async Task<TcpTestClient> ConnectAsync(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(RecordingHandler.Timeout);
        await socket.ConnectAsync(server, timeout.Token);
        return new TcpTestClient(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.ASCII.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(RecordingHandler.Timeout);
        await _socket.SendAsync(bytes, SocketFlags.None, timeout.Token);
    }

    /// <summary>Reads until <paramref name="count"/> bytes arrived; fails the test on timeout or early close.</summary>
    public async Task<string> ReadExactlyAsync(int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(RecordingHandler.Timeout);
        var filled = 0;
        while (filled < count)
        {
            var n = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, timeout.Token);
            Assert.True(n > 0, $"connection closed after {filled} of {count} bytes");
            filled += n;
        }

        return Encoding.ASCII.GetString(buffer);
    }

    /// <summary>Waits for the server to close: returns how (a clean FIN or a reset), or throws on timeout.</summary>
    public async Task<CloseKind> ReadUntilClosedAsync()
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(RecordingHandler.Timeout);
        try
        {
            while (await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }

            return CloseKind.Fin;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return CloseKind.Reset;
        }
    }

    /// <summary>RFC 5626 ping; true when the single-CRLF pong came back (the server admitted and reads us).</summary>
    public async Task<bool> PingAsync()
    {
        try
        {
            await SendAsync("\r\n\r\n");
            var buffer = new byte[2];
            using var timeout = new CancellationTokenSource(RecordingHandler.Timeout);
            var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return n == 2 && buffer[0] == '\r' && buffer[1] == '\n';
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();

    internal enum CloseKind
    {
        Fin,
        Reset,
    }
}
