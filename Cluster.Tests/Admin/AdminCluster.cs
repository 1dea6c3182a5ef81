using System.Net.Http.Headers;
using Cluster.Tests.EdgeHost;
using Cluster.Tests.Grains;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Silo;

namespace Cluster.Tests.Admin;

/// <summary>
/// A real redis-server, a silo with an admin token and one edge (both on bench/bench.yaml):
/// what an operator's Cluster.Admin talks to.
/// </summary>
public sealed class AdminCluster : IAsyncLifetime
{
    public const string Token = "test-admin-token-0f9e8d7c";

    public RedisServer Redis { get; } = new();

    public SiloProcess Silo { get; private set; } = null!;

    public EdgeReadyLine Edge { get; private set; } = null!;

    /// <summary>The edge's process, whose log says when it has applied a change announced on cluster:changes.</summary>
    public EdgeProcess EdgeProcess { get; private set; } = null!;

    /// <summary>An HTTP client for the silo that sends the token.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await AdminSilo.StartAsync(
            "--config", ProvisioningTests.RepoFile("bench/bench.yaml"), "--redis", Redis.Configuration,
            "--sweep-interval-s", "1", "--admin-token", Token);
        EdgeProcess = EdgeProcess.Start(
            "--config", Path.Combine(EdgeProcess.RepositoryRoot, "bench", "bench.yaml"),
            "--redis", Redis.Configuration,
            "--listen", "udp:127.0.0.1:0",
            "--metrics", "http://127.0.0.1:0");
        Edge = await EdgeProcess.WaitReadyAsync();
        await EdgeProcess.WaitClusterJoinedAsync();
        Http = new HttpClient { BaseAddress = Silo.Admin, Timeout = TimeSpan.FromSeconds(10) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    /// <summary>Runs Cluster.Admin against this silo with the token in --token.</summary>
    public Task<AdminProcess.Result> AdminAsync(params string[] args) =>
        AdminProcess.RunAsync(null, ["--silo", Silo.Admin.ToString(), "--token", Token, .. args]);

    public Task DisposeAsync()
    {
        Http?.Dispose();
        EdgeProcess?.Dispose();
        Silo?.Dispose();
        Redis.Dispose();
        return Task.CompletedTask;
    }
}
