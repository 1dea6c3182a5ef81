using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Cluster.Edge.Configuration;
using Cluster.Edge.Metrics;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Transport;

/// <summary>
/// SIP over TCP: a listener, connection limits in total and per source address, and one
/// <see cref="TcpSipConnection"/> per admitted connection.
/// </summary>
public sealed class TcpSipTransport : ISipTransport
{
    private const int ListenBacklog = 512;

    private readonly IPEndPoint _requested;
    private readonly EdgeSettings _settings;
    private readonly IInboundMessageHandler _handler;
    private readonly EdgeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<TcpSipConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<IPEndPoint, TcpSipConnection> _byRemote = new();
    private readonly ConnectionLimiter _limiter;
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private IPEndPoint? _localEndPoint;

    public TcpSipTransport(
        IPEndPoint endPoint,
        EdgeSettings settings,
        IInboundMessageHandler handler,
        EdgeMetrics metrics,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        settings.Validate();
        _requested = endPoint;
        _settings = settings;
        _handler = handler;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _limiter = new ConnectionLimiter(settings.TcpMaxConnections, settings.TcpMaxConnectionsPerIp);
    }

    public SipTransportKind Kind => SipTransportKind.Tcp;

    public IPEndPoint LocalEndPoint => _localEndPoint ?? throw new InvalidOperationException("The transport is not started.");

    /// <summary>Connections currently open (admitted and not yet closed).</summary>
    public int ConnectionCount => _limiter.Total;

    public void Start()
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("The transport is already started.");
        }

        var listener = new Socket(_requested.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Restart after a crash must not wait for TIME_WAIT connections of the previous process.
            if (!OperatingSystem.IsWindows())
            {
                listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            listener.Bind(_requested);
            listener.Listen(ListenBacklog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _localEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptLoopAsync);
        TransportLog.Listening(_logger, Kind, _localEndPoint);
    }

    public async Task StopAsync()
    {
        if (_listener is null || _stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        _listener.Dispose();

        // After the accept loop has ended no connection can be added, so the sweep below misses none.
        await _acceptLoop.ConfigureAwait(false);

        var closing = new List<Task>();
        foreach (var connection in _connections.Keys)
        {
            connection.Close("shutdown");
            closing.Add(connection.Completion);
        }

        await Task.WhenAll(closing).ConfigureAwait(false);
        TransportLog.Stopped(_logger, Kind, LocalEndPoint);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var listener = _listener!;
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (token.IsCancellationRequested || e is ObjectDisposedException)
            {
                break;
            }
            catch (Exception e)
            {
                TransportLog.TcpAcceptFault(_logger, e, _localEndPoint!);
                if (e is SocketException { SocketErrorCode: SocketError.TooManyOpenSockets })
                {
                    // Out of descriptors: retrying at once would spin; give closing connections a moment.
                    await Task.Delay(TimeSpan.FromMilliseconds(50), _time, CancellationToken.None).ConfigureAwait(false);
                }

                continue;
            }

            Admit(socket);
        }
    }

    private void Admit(Socket socket)
    {
        IPEndPoint remote;
        try
        {
            remote = (IPEndPoint)socket.RemoteEndPoint!;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Reset between accept and here.
            socket.Dispose();
            return;
        }

        var verdict = _limiter.TryAcquire(remote.Address);
        if (verdict != ConnectionLimiter.Verdict.Admitted)
        {
            var reason = verdict == ConnectionLimiter.Verdict.TotalLimit
                ? TransportDropReasons.TcpConnectionLimit
                : TransportDropReasons.TcpConnectionLimitPerIp;
            _metrics.CountDrop(reason);
            TransportLog.TcpRefused(_logger, remote, reason);
            Refuse(socket);
            return;
        }

        var connection = new TcpSipConnection(socket, remote, _settings, _handler, _metrics, _time, _logger, OnConnectionClosed);
        _connections.TryAdd(connection, 0);
        _byRemote[remote] = connection;
        TransportLog.TcpAccepted(_logger, remote);
        connection.Start();
    }

    /// <summary>
    /// A connection to <paramref name="remote"/> to send a call's request on: the open one (a customer's, kept by its
    /// phone, or one we made), else a new one made now from this transport's address (a vendor over TCP). Null when it
    /// cannot be made within <paramref name="timeout"/>; the limits of accepted connections do not apply to our own.
    /// </summary>
    public async ValueTask<ISipReplyChannel?> ConnectionToAsync(IPEndPoint remote, TimeSpan timeout)
    {
        if (_byRemote.TryGetValue(remote, out var open) && !open.IsClosed)
        {
            return open;
        }

        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            deadline.CancelAfter(timeout);
            await socket.ConnectAsync(remote, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Dispose();
            TransportLog.TcpConnectFailed(_logger, remote, e.Message);
            return null;
        }

        var connection = new TcpSipConnection(socket, remote, _settings, _handler, _metrics, _time, _logger, OnConnectionClosed) { Outbound = true };
        _connections.TryAdd(connection, 0);
        _byRemote[remote] = connection;
        connection.Start();
        return connection;
    }

    // Over a limit the connection is reset at once, whatever the close mode: a flood gets no
    // TIME_WAIT state and no buffer from us.
    private static void Refuse(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    private void OnConnectionClosed(TcpSipConnection connection)
    {
        _byRemote.TryRemove(new KeyValuePair<IPEndPoint, TcpSipConnection>(connection.Remote, connection));
        if (_connections.TryRemove(connection, out _) && !connection.Outbound)
        {
            _limiter.Release(connection.Remote.Address);
        }
    }
}
