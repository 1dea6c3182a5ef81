using Cluster.Grains;
using Cluster.Grains.Connection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Cluster.Tests.Infrastructure.Silos;

/// <summary>
/// The test's own Orleans client to a cluster of real silo processes (found through their Redis membership), to read
/// and feed grains as the admin API does. Kinds still on Redis turns go through the same <see cref="IClusterGrains"/>.
/// </summary>
public sealed class ClusterClientProcess : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly RedisGrainFactory _redisTurns;

    private ClusterClientProcess(IHost host, RedisGrainFactory redisTurns)
    {
        _host = host;
        _redisTurns = redisTurns;
        Orleans = host.Services.GetRequiredService<IClusterClient>();
        Grains = new ClusterGrains(Orleans, redisTurns);
    }

    public IClusterClient Orleans { get; }

    public IClusterGrains Grains { get; }

    public static async Task<ClusterClientProcess> ConnectAsync(string redis, GrainPolicy? policy = null)
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
                .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5))
                .ConfigureServices(services =>
                {
                    services.AddSingleton<GrainCallDeadline>();
                    services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<GrainCallDeadline>());
                }))
            .Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(timeout.Token);
        return new ClusterClientProcess(host, RedisGrainFactory.Connect(redis, policy));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _redisTurns.Dispose();
    }
}
