using Cluster.Tests.EdgeHost;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Registrar;

/// <summary>A real redis-server and two edge processes sharing it, provisioned with bench/bench.yaml.</summary>
public sealed class RegistrarCluster : IAsyncLifetime
{
    private EdgeProcess? _first;
    private EdgeProcess? _second;

    public RedisServer Redis { get; } = new();

    public EdgeReadyLine First { get; private set; } = null!;

    public EdgeReadyLine Second { get; private set; } = null!;

    /// <summary>Both edge processes, whose logs say when each has applied a change announced on cluster:changes.</summary>
    public IReadOnlyList<EdgeProcess> Edges => [_first!, _second!];

    public async Task InitializeAsync()
    {
        _first = StartEdge();
        _second = StartEdge();
        First = await _first.WaitReadyAsync();
        Second = await _second.WaitReadyAsync();
    }

    public Task DisposeAsync()
    {
        _first?.Dispose();
        _second?.Dispose();
        Redis.Dispose();
        return Task.CompletedTask;
    }

    private EdgeProcess StartEdge() => EdgeProcess.Start(
        "--config", Path.Combine(EdgeProcess.RepositoryRoot, "bench", "bench.yaml"),
        "--redis", Redis.Configuration,
        "--listen", "udp:127.0.0.1:0",
        "--metrics", "http://127.0.0.1:0");
}
