using Cluster.Grains;
using Cluster.Grains.Connection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Cluster.Edge.Hosting;

/// <summary>
/// The edge's Orleans client: finds the silos' gateways in the Redis membership table and keeps trying until one
/// answers, so an edge started before any silo serves what it can (OPTIONS, challenges) and joins when a silo comes
/// up. Until then, and whenever no silo answers, grain calls fail at once or at their deadline with
/// <see cref="GrainUnavailableException"/> (503 + Retry-After); nothing blocks a receive loop.
/// </summary>
internal sealed class EdgeClusterClient : IAsyncDisposable
{
    /// <summary>
    /// A grain call's deadline. SIP retransmits an unanswered request after 500 ms and gives up after 32 s; an
    /// answer (even 503) within 2 s keeps the client's transaction alive and its retransmissions absorbed.
    /// </summary>
    public static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(2);

    private readonly IHost _host;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConnectedGate _gate;

    private EdgeClusterClient(IHost host, ConnectedGate gate)
    {
        _host = host;
        _gate = gate;
        Deadline = host.Services.GetRequiredService<GrainCallDeadline>();
        Grains = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>Grain references; calls fail with <see cref="GrainUnavailableException"/> until <see cref="IsConnected"/>.</summary>
    public IGrainFactory Grains { get; }

    public GrainCallDeadline Deadline { get; }

    public bool IsConnected => _gate.IsOpen;

    /// <summary>Completes when the client first reached a silo.</summary>
    public Task Connected => _connected.Task;

    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Builds the client and starts connecting in the background; returns at once.</summary>
    public static EdgeClusterClient Start(string redis, ILogger log)
    {
        var gate = new ConnectedGate();
        var host = new HostBuilder()
            .UseOrleansClient(client => client
                .UseRedisClustering(o => o.ConfigurationOptions = ClientRedis(redis))
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterIdentity.ClusterId;
                    o.ServiceId = ClusterIdentity.ServiceId;
                })
                // a silo that starts (or restarts on a new port) is found within two seconds, not a minute
                .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2))
                .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = CallDeadline)
                .UseConnectionRetryFilter(async (e, ct) =>
                {
                    HostingLog.ClusterWaiting(log, e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                    return !ct.IsCancellationRequested;
                })
                .ConfigureServices(services =>
                {
                    services.AddSingleton(gate);
                    services.AddSingleton<GrainCallDeadline>();
                    services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<ConnectedGate>());
                    services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<GrainCallDeadline>());
                }))
            .ConfigureLogging(logging => logging
                .ClearProviders()
                .AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss.fff ";
                })
                .SetMinimumLevel(LogLevel.Warning)
                .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
            .Build();
        var client = new EdgeClusterClient(host, gate);
        _ = client.ConnectAsync(log);
        return client;
    }

    private async Task ConnectAsync(ILogger log)
    {
        try
        {
            await _host.StartAsync(_stopping.Token).ConfigureAwait(false);
            _gate.Open();
            _connected.TrySetResult();
        }
        catch (OperationCanceledException)
        {
            // stopping before any silo was found
        }
    }

    // Orleans' membership reads must not hang a start either: same deadline policy as the grain calls.
    private static ConfigurationOptions ClientRedis(string redis)
    {
        var config = ConfigurationOptions.Parse(redis);
        config.AbortOnConnectFail = false;
        return config;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
        }

        _host.Dispose();
        _stopping.Dispose();
    }
}
