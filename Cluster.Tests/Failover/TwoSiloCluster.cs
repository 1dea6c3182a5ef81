using Cluster.Tests.EdgeHost;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Infrastructure.Silos;
using Cluster.Tests.Silo;

namespace Cluster.Tests.Failover;

/// <summary>
/// A real redis-server, two silo processes forming one Orleans cluster through it, and two edges, on bench/bench.yaml:
/// the smallest cluster in which a silo can die while the other keeps the grains. Plus the test's own Orleans client.
/// </summary>
public sealed class TwoSiloCluster : IAsyncLifetime
{
    private readonly string _config = Path.Combine(EdgeProcess.RepositoryRoot, "bench", "bench.yaml");
    private EdgeProcess? _firstEdge;
    private EdgeProcess? _secondEdge;

    public RedisServer Redis { get; } = new();

    public SiloProcess First { get; private set; } = null!;

    public SiloProcess Second { get; private set; } = null!;

    public EdgeReadyLine FirstEdge { get; private set; } = null!;

    public EdgeReadyLine SecondEdge { get; private set; } = null!;

    public ProcessClusterClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        First = await SiloProcess.StartAsync("--config", _config, "--redis", Redis.Configuration);
        Second = await SiloProcess.StartAsync("--config", _config, "--redis", Redis.Configuration);
        _firstEdge = StartEdge();
        _secondEdge = StartEdge();
        FirstEdge = await _firstEdge.WaitReadyAsync();
        SecondEdge = await _secondEdge.WaitReadyAsync();
        await Task.WhenAll(_firstEdge.WaitClusterJoinedAsync(), _secondEdge.WaitClusterJoinedAsync());
        Client = await ProcessClusterClient.ConnectAsync(Redis.Configuration);
    }

    public async Task DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        _firstEdge?.Dispose();
        _secondEdge?.Dispose();
        First?.Dispose();
        Second?.Dispose();
        Redis.Dispose();
    }

    private EdgeProcess StartEdge() => EdgeProcess.Start(
        "--config", _config, "--redis", Redis.Configuration, "--listen", "udp:127.0.0.1:0", "--metrics", "http://127.0.0.1:0");
}
