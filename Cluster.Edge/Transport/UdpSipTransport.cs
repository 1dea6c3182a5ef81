using System.Net;
using System.Net.Sockets;
using Cluster.Edge.Configuration;
using Cluster.Edge.Metrics;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Transport;

/// <summary>
/// SIP over UDP: one socket, <see cref="EdgeSettings.UdpReceiveLoops"/> receive loops on it so that a slow
/// handler call does not leave the kernel queue unread. Each loop owns one pinned buffer and one
/// <see cref="SocketAddress"/>, so a steady stream from known peers receives without allocating.
/// </summary>
/// <remarks>
/// Each loop is a dedicated thread blocked in <c>recvfrom</c>, as a Kamailio UDP worker is: the kernel hands
/// a datagram straight to a waiting thread. An async receive would pass every datagram through the socket
/// engine's event thread and a thread-pool hand-off, and those context switches were the largest cost per
/// call. Handlers still run their synchronous part here and continue on the thread pool after a grain call.
/// </remarks>
public sealed class UdpSipTransport : ISipTransport
{
    // Windows reports an ICMP port-unreachable for an earlier send as WSAECONNRESET on the next receive;
    // this ioctl turns that off. Linux only reports ICMP errors on connected sockets, and we never connect.
    private const int SioUdpConnReset = unchecked((int)0x9800000C);

    private readonly IPEndPoint _requested;
    private readonly EdgeSettings _settings;
    private readonly IInboundMessageHandler _handler;
    private readonly EdgeMetrics _metrics;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private UdpReplyChannel? _channel;
    private Thread[] _loops = [];
    private IPEndPoint? _localEndPoint;

    public UdpSipTransport(IPEndPoint endPoint, EdgeSettings settings, IInboundMessageHandler handler, EdgeMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        settings.Validate();
        _requested = endPoint;
        _settings = settings;
        _handler = handler;
        _metrics = metrics;
        _logger = logger;
    }

    public SipTransportKind Kind => SipTransportKind.Udp;

    /// <summary>The socket as a sender, once started (requests the cluster itself sends leave from here).</summary>
    public ISipReplyChannel? Channel => _channel;

    public IPEndPoint LocalEndPoint => _localEndPoint ?? throw new InvalidOperationException("The transport is not started.");

    public void Start()
    {
        if (_socket is not null)
        {
            throw new InvalidOperationException("The transport is already started.");
        }

        var socket = new Socket(_requested.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            SetReceiveBuffer(socket);
            if (OperatingSystem.IsWindows())
            {
                socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
            }

            socket.Bind(_requested);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _localEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _channel = new UdpReplyChannel(socket, _localEndPoint, _logger);
        _loops = new Thread[Math.Max(1, _settings.UdpReceiveLoops)];
        for (var i = 0; i < _loops.Length; i++)
        {
            _loops[i] = new Thread(ReceiveLoop) { IsBackground = true, Name = $"sip-udp-rx-{i}" };
            _loops[i].Start();
        }

        TransportLog.Listening(_logger, Kind, _localEndPoint);
    }

    public async Task StopAsync()
    {
        if (_socket is null || _stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();

        // Closing the socket wakes the threads blocked in recvfrom with an error.
        _socket.Dispose();
        await Task.Run(() =>
        {
            foreach (var loop in _loops)
            {
                loop.Join(TimeSpan.FromSeconds(2));
            }
        }).ConfigureAwait(false);
        TransportLog.Stopped(_logger, Kind, LocalEndPoint);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void SetReceiveBuffer(Socket socket)
    {
        if (_settings.UdpReceiveBufferBytes <= 0)
        {
            return;
        }

        try
        {
            // Best effort: the kernel caps it (net.core.rmem_max) and that is not a reason to refuse to start.
            socket.ReceiveBufferSize = _settings.UdpReceiveBufferBytes;
        }
        catch (SocketException)
        {
        }
    }

    private void ReceiveLoop()
    {
        var socket = _socket!;
        var token = _stopping.Token;

        // One byte beyond the limit: a datagram that fills the buffer was larger than any message we accept.
        var buffer = GC.AllocateUninitializedArray<byte>(_settings.MaxMessageBytes + 1, pinned: true);
        var address = new SocketAddress(socket.AddressFamily);
        var lastAddress = new SocketAddress(socket.AddressFamily);
        IPEndPoint? lastRemote = null;

        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(buffer, SocketFlags.None, address);
            }
            catch (Exception e) when (token.IsCancellationRequested || e is ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                // ConnectionReset (ICMP port unreachable), MessageSize (truncated), and transient errors:
                // they concern one datagram, never the socket.
                _metrics.CountDrop(e.SocketErrorCode == SocketError.MessageSize ? TransportDropReasons.UdpOversize : TransportDropReasons.UdpReceiveError);
                TransportLog.UdpReceiveError(_logger, _localEndPoint!, e.SocketErrorCode);
                continue;
            }
            catch (Exception e)
            {
                _metrics.CountDrop(TransportDropReasons.UdpReceiveError);
                TransportLog.UdpLoopFault(_logger, e, _localEndPoint!);
                continue;
            }

            // Peers repeat: reuse the endpoint object while the source address is unchanged.
            if (lastRemote is null || !address.Equals(lastAddress))
            {
                lastRemote = (IPEndPoint)_localEndPoint!.Create(address);
                address.Buffer.CopyTo(lastAddress.Buffer);
                lastAddress.Size = address.Size;
            }

            if (received > _settings.MaxMessageBytes)
            {
                _metrics.CountDrop(TransportDropReasons.UdpOversize);
                TransportLog.UdpOversize(_logger, lastRemote, _settings.MaxMessageBytes);
                continue;
            }

            if (received == 0)
            {
                continue;
            }

            Deliver(buffer.AsMemory(0, received), lastRemote);
        }
    }

    private void Deliver(ReadOnlyMemory<byte> bytes, IPEndPoint remote)
    {
        try
        {
            _handler.OnMessage(new InboundMessage(bytes, remote, _channel!));
        }
        catch (Exception e)
        {
            // The handler contract says it does not throw; if it does, one message is lost, not the loop.
            _metrics.CountDrop(TransportDropReasons.HandlerFault);
            TransportLog.HandlerFault(_logger, e, Kind, remote);
        }
    }
}
