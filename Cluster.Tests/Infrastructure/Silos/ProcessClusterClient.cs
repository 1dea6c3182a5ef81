using Cluster.Grains.Hosting;
using Cluster.Grains;
using Cluster.Grains.Connection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Cluster.Tests.Infrastructure.Silos;

/// <summary>
/// An Orleans client of the silos on <c>redis</c> (processes or TestingHost silos), configured as an edge's: Redis
/// membership, a short response timeout and the edges' call filter, so failures arrive as they do on an edge.
/// </summary>
public sealed class ProcessClusterClient : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ClusterRedis _clusterRedis;

    private ProcessClusterClient(IHost host, ClusterRedis clusterRedis)
    {
        _host = host;
        _clusterRedis = clusterRedis;
        Orleans = host.Services.GetRequiredService<IClusterClient>();
        Grains = new ClusterGrains(Orleans, clusterRedis);
    }

    public IClusterClient Orleans { get; }

    public IClusterGrains Grains { get; }

    public static async Task<ProcessClusterClient> ConnectAsync(string redis, TimeSpan? responseTimeout = null)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client => client
                .UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis))
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterIdentity.ClusterId;
                    o.ServiceId = ClusterIdentity.ServiceId;
                })
                .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1))
                .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout ?? TimeSpan.FromSeconds(5))
                .ConfigureServices(services =>
                {
                    services.AddSingleton<GrainCallDeadline>();
                    services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<GrainCallDeadline>());
                }))
            .ConfigureLogging(l => l.ClearProviders())
            .Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(timeout.Token);
        return new ProcessClusterClient(host, ClusterRedis.Connect(redis));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _host.Dispose();
        _clusterRedis.Dispose();
    }
}
