using Cluster.Grains.Memory;
using System.Net;
using System.Net.Sockets;
using Cluster.Edge.Configuration;
using Cluster.Edge.Metrics;
using Cluster.Edge.Transport;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Hosting;

/// <summary>
/// Starts one transport per <c>--listen</c> address and the optional metrics endpoint, and stops them
/// again. Either everything starts or nothing stays bound: a half-started edge would take traffic it
/// cannot fully serve.
/// </summary>
public sealed class EdgeHost : IAsyncDisposable
{
    private readonly EdgeOptions _options;
    private readonly EdgeSettings _settings;
    private readonly IInboundMessageHandler _handler;
    private readonly EdgeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly List<ISipTransport> _transports = [];
    private MetricsEndpoint? _metricsEndpoint;
    private IdleHeapTrimmer? _trimmer;
    private bool _stopped;

    public EdgeHost(
        EdgeOptions options,
        EdgeSettings settings,
        IInboundMessageHandler handler,
        EdgeMetrics metrics,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        _options = options;
        _settings = settings;
        _handler = handler;
        _metrics = metrics;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<EdgeHost>();
        metrics.AddGauge("sip_tcp_connections", "Open SIP TCP connections.", () => _transports.OfType<TcpSipTransport>().Sum(t => t.ConnectionCount));
    }

    public IReadOnlyList<ISipTransport> Transports => _transports;

    /// <summary>The bound metrics address, or null without <c>--metrics</c>.</summary>
    public IPEndPoint? MetricsEndPoint => _metricsEndpoint?.LocalEndPoint;

    /// <summary>The one stdout line that tells a supervisor (or a test) the edge is serving, with real ports.</summary>
    public string ReadyLine
    {
        get
        {
            var parts = _transports.Select(t => ListenAddress.Format(t.Kind, t.LocalEndPoint)).ToList();
            if (MetricsEndPoint is { } metrics)
            {
                parts.Add("metrics:http://" + metrics);
            }

            return "edge ready " + string.Join(' ', parts);
        }
    }

    /// <summary>Binds everything; throws <see cref="EdgeStartException"/> naming the first address that failed.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        HostingLog.Starting(_logger, string.Join(' ', _options.Listen));
        var transportLogger = _loggerFactory.CreateLogger("Cluster.Edge.Transport");
        foreach (var listen in _options.Listen)
        {
            ISipTransport transport = listen.Kind == SipTransportKind.Udp
                ? new UdpSipTransport(listen.EndPoint, _settings, _handler, _metrics, transportLogger)
                : new TcpSipTransport(listen.EndPoint, _settings, _handler, _metrics, _time, transportLogger);
            try
            {
                transport.Start();
            }
            catch (SocketException e)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
                await FailAsync(listen.ToString(), e).ConfigureAwait(false);
            }

            _transports.Add(transport);
        }

        if (_options.Metrics is { } metricsAddress)
        {
            var endpoint = new MetricsEndpoint(metricsAddress, _metrics);
            try
            {
                await endpoint.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                await endpoint.DisposeAsync().ConfigureAwait(false);
                await FailAsync("metrics:http://" + metricsAddress, e).ConfigureAwait(false);
            }

            _metricsEndpoint = endpoint;
        }

        // a flood grows the heap; once the edge is quiet again it gives the memory back
        _trimmer = new IdleHeapTrimmer(_time, _loggerFactory.CreateLogger<IdleHeapTrimmer>());
        await _trimmer.StartAsync(cancellationToken).ConfigureAwait(false);
        HostingLog.Ready(_logger, ReadyLine);
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        HostingLog.Stopping(_logger);
        if (_trimmer is { } trimmer)
        {
            _trimmer = null;
            await trimmer.StopAsync(CancellationToken.None).ConfigureAwait(false);
            trimmer.Dispose();
        }

        if (_metricsEndpoint is { } endpoint)
        {
            _metricsEndpoint = null;
            await endpoint.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_transports.Select(t => t.StopAsync())).ConfigureAwait(false);
        HostingLog.Stopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }

        _transports.Clear();
    }

    private async Task FailAsync(string address, Exception e)
    {
        HostingLog.BindFailed(_logger, e, address);
        await StopAsync().ConfigureAwait(false);
        throw new EdgeStartException(address, e);
    }

}
