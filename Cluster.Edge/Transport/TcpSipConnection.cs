using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Cluster.Edge.Configuration;
using Cluster.Edge.Metrics;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Transport;

/// <summary>
/// One accepted TCP connection: a read loop that frames the stream with <see cref="SipStreamFramer"/> and hands
/// each message to the handler, and the reply channel for everything sent back on it.
/// </summary>
internal sealed class TcpSipConnection : ISipReplyChannel
{
    // Most SIP messages fit in a few KiB; the buffer grows to MaxMessageBytes only for a peer that needs it,
    // so ten thousand quiet connections do not pin ten thousand 64 KiB buffers.
    private const int InitialBufferBytes = 4096;

    // A peer that stops reading must not hold the send lock (and the handler thread) forever.
    private const int SendTimeoutMilliseconds = 10_000;

    private readonly Socket _socket;
    private readonly EdgeSettings _settings;
    private readonly IInboundMessageHandler _handler;
    private readonly EdgeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<TcpSipConnection> _onClosed;
    private readonly Lock _sendLock = new();
    private ITimer? _idleTimer;
    private long _lastReceiveTimestamp;

    // Framing progress of the incomplete message at the start of the read buffer (see SipStreamFramer.Frame).
    private int _examined;
    private int _needed;
    private int _closed;
    private Task _readLoop = Task.CompletedTask;

    public TcpSipConnection(
        Socket socket,
        IPEndPoint remote,
        EdgeSettings settings,
        IInboundMessageHandler handler,
        EdgeMetrics metrics,
        TimeProvider time,
        ILogger logger,
        Action<TcpSipConnection> onClosed)
    {
        _socket = socket;
        Remote = remote;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _settings = settings;
        _handler = handler;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _onClosed = onClosed;
    }

    public SipTransportKind Kind => SipTransportKind.Tcp;

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint Remote { get; }

    /// <summary>Completes when the read loop has ended and the connection is closed.</summary>
    public Task Completion => _readLoop;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Made by us (towards a vendor), not accepted: it counts against no limit of accepted connections.</summary>
    public bool Outbound { get; init; }

    public void Start()
    {
        _socket.NoDelay = true;
        _socket.SendTimeout = SendTimeoutMilliseconds;
        _lastReceiveTimestamp = _time.GetTimestamp();
        if (_settings.TcpIdleTimeout != Timeout.InfiniteTimeSpan)
        {
            _idleTimer = _time.CreateTimer(static state => ((TcpSipConnection)state!).OnIdleTimer(), this, _settings.TcpIdleTimeout, Timeout.InfiniteTimeSpan);
        }

        // Task.Run: data already queued would otherwise run the first handler calls on the accept loop.
        _readLoop = Task.Run(ReadLoopAsync);
    }

    public bool Send(ReadOnlySpan<byte> message, IPEndPoint remote)
    {
        if (IsClosed)
        {
            return false;
        }

        // Several handler threads may answer on one connection; their bytes must not interleave.
        lock (_sendLock)
        {
            try
            {
                while (!message.IsEmpty)
                {
                    message = message[_socket.Send(message, SocketFlags.None)..];
                }

                return true;
            }
            catch (SocketException)
            {
                Close("send failed");
                return false;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>Closes the connection once: RST when <see cref="EdgeSettings.TcpCloseReset"/>, else FIN.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _idleTimer?.Dispose();
        try
        {
            if (_settings.TcpCloseReset)
            {
                // SO_LINGER 0: close() sends RST and discards unsent data; no TIME_WAIT on our side.
                _socket.LingerState = new LingerOption(true, 0);
            }
            else
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already reset by the peer: nothing left to say goodbye to.
        }

        _socket.Dispose();
        TransportLog.TcpClosed(_logger, Remote, reason);
        _onClosed(this);
    }

    private void OnIdleTimer()
    {
        // Activity only stamps a timestamp; the timer re-arms for the remainder instead of being reset per read.
        var silent = _time.GetElapsedTime(Volatile.Read(ref _lastReceiveTimestamp));
        if (silent >= _settings.TcpIdleTimeout)
        {
            _metrics.CountDrop(TransportDropReasons.TcpIdleTimeout);
            Close("idle timeout");
            return;
        }

        try
        {
            _idleTimer?.Change(_settings.TcpIdleTimeout - silent, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ReadLoopAsync()
    {
        var max = _settings.MaxMessageBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, max));
        var filled = 0;
        var reason = "peer closed";
        try
        {
            while (!IsClosed)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= max)
                    {
                        // Unreachable by the framer's rules (a full buffer of max bytes is either a message or
                        // invalid); kept so a framer bug can never become an unbounded or spinning read.
                        reason = "buffer full";
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, max));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var received = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    break;
                }

                Volatile.Write(ref _lastReceiveTimestamp, _time.GetTimestamp());
                filled += received;

                var consumed = Drain(buffer, filled);
                if (consumed < 0)
                {
                    _metrics.CountDrop(TransportDropReasons.TcpFramingInvalid);
                    TransportLog.TcpFramingInvalid(_logger, Remote);
                    reason = "framing invalid";
                    break;
                }

                if (consumed > 0)
                {
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            reason = IsClosed ? "closed" : "socket error";
        }
        catch (Exception e)
        {
            TransportLog.TcpConnectionFault(_logger, e, Remote);
            reason = "fault";
        }
        finally
        {
            Close(reason);

            // Handlers run synchronously inside Drain, so nothing refers to the buffer any more.
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Frames and delivers every whole message in the buffer; returns bytes consumed, or -1 when the stream is invalid.</summary>
    private int Drain(byte[] buffer, int filled)
    {
        var consumed = 0;
        while (consumed < filled && !IsClosed)
        {
            var available = filled - consumed;
            if (available < _needed)
            {
                // Header block already framed; only body bytes are missing.
                return consumed;
            }

            var kind = SipStreamFramer.Frame(buffer.AsSpan(consumed, available), _settings.MaxMessageBytes, out var length, _examined);
            switch (kind)
            {
                case SipFrameKind.NeedMore:
                    _needed = length;
                    _examined = length > 0 ? 0 : available;
                    return consumed;
                case SipFrameKind.Invalid:
                    return -1;
                case SipFrameKind.Ping:
                    // RFC 5626 §4.4.1: the pong is a single CRLF.
                    Send("\r\n"u8, Remote);
                    break;
                case SipFrameKind.Message:
                    Deliver(buffer.AsMemory(consumed, length));
                    break;
            }

            consumed += length;
            _needed = 0;
            _examined = 0;
        }

        return consumed;
    }

    private void Deliver(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            _handler.OnMessage(new InboundMessage(bytes, Remote, this));
        }
        catch (Exception e)
        {
            _metrics.CountDrop(TransportDropReasons.HandlerFault);
            TransportLog.HandlerFault(_logger, e, Kind, Remote);
        }
    }
}
