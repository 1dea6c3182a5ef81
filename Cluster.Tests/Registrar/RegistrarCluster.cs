using Cluster.Tests.EdgeHost;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Silo;

namespace Cluster.Tests.Registrar;

/// <summary>A real redis-server, an Orleans silo on it and two edge processes, provisioned with bench/bench.yaml.</summary>
public sealed class RegistrarCluster : IAsyncLifetime
{
    private EdgeProcess? _first;
    private EdgeProcess? _second;
    private SiloProcess? _silo;

    public RedisServer Redis { get; } = new();

    /// <summary>The silo's admin API (ops actions such as an unblock go through it, as Cluster.Admin's do).</summary>
    public Uri SiloAdmin => _silo!.Admin;

    /// <summary>The silo process (its admin API runs the ops commands).</summary>
    public SiloProcess Silo => _silo!;

    public EdgeReadyLine First { get; private set; } = null!;

    public EdgeReadyLine Second { get; private set; } = null!;

    /// <summary>Both edge processes, whose logs say when each has applied a change announced on cluster:changes.</summary>
    public IReadOnlyList<EdgeProcess> Edges => [_first!, _second!];

    public async Task InitializeAsync()
    {
        _silo = await SiloProcess.StartAsync("--config", Path.Combine(EdgeProcess.RepositoryRoot, "bench", "bench.yaml"), "--redis", Redis.Configuration);
        _first = StartEdge();
        _second = StartEdge();
        First = await _first.WaitReadyAsync();
        Second = await _second.WaitReadyAsync();
        await Task.WhenAll(_first.WaitClusterJoinedAsync(), _second.WaitClusterJoinedAsync());
    }

    public Task DisposeAsync()
    {
        _first?.Dispose();
        _second?.Dispose();
        _silo?.Dispose();
        Redis.Dispose();
        return Task.CompletedTask;
    }

    private EdgeProcess StartEdge() => EdgeProcess.Start(
        "--config", Path.Combine(EdgeProcess.RepositoryRoot, "bench", "bench.yaml"),
        "--redis", Redis.Configuration,
        "--listen", "udp:127.0.0.1:0",
        "--metrics", "http://127.0.0.1:0");
}
