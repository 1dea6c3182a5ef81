using Cluster.Grains;
using Cluster.Grains.Connection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Cluster.Tests.Infrastructure.Silos;

/// <summary>
/// An Orleans client of a cluster of real silo processes (found through Redis membership, as an edge finds them),
/// so a process-level test can set grain state up the way an edge would.
/// </summary>
public sealed class ProcessClusterClient : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly RedisGrainFactory _redisTurns;

    private ProcessClusterClient(IHost host, RedisGrainFactory redisTurns)
    {
        _host = host;
        _redisTurns = redisTurns;
        Grains = new ClusterGrains(host.Services.GetRequiredService<IClusterClient>(), redisTurns);
    }

    public IClusterGrains Grains { get; }

    public static async Task<ProcessClusterClient> ConnectAsync(string redis)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client => client
                .UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis))
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = ClusterIdentity.ClusterId;
                    o.ServiceId = ClusterIdentity.ServiceId;
                })
                .ConfigureServices(services =>
                {
                    services.AddSingleton<GrainCallDeadline>();
                    services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<GrainCallDeadline>());
                }))
            .Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(timeout.Token);
        return new ProcessClusterClient(host, RedisGrainFactory.Connect(redis));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _redisTurns.Dispose();
    }
}
