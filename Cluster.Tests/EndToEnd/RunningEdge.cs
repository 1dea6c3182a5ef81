using Cluster.Tests.EdgeHost;

namespace Cluster.Tests.EndToEnd;

/// <summary>One edge process per test class, listening on free UDP, TCP and metrics ports of 127.0.0.1.</summary>
public sealed class RunningEdge : IAsyncLifetime
{
    private EdgeProcess? _process;

    public EdgeReadyLine Ready { get; private set; } = null!;

    public EdgeProcess Process => _process ?? throw new InvalidOperationException("the edge is not started");

    public async Task InitializeAsync()
    {
        _process = EdgeProcess.Start(
            "--config", Path.Combine(EdgeProcess.RepositoryRoot, "config", "demo.yaml"),
            "--listen", "udp:127.0.0.1:0",
            "--listen", "tcp:127.0.0.1:0",
            "--metrics", "http://127.0.0.1:0");
        Ready = await _process.WaitReadyAsync();
    }

    public Task DisposeAsync()
    {
        _process?.Dispose();
        return Task.CompletedTask;
    }
}
