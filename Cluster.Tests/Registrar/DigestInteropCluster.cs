using Cluster.Grains;
using Cluster.Tests.EdgeHost;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Infrastructure.Silos;
using Cluster.Tests.Silo;

namespace Cluster.Tests.Registrar;

/// <summary>
/// A real redis-server, a silo and one edge, provisioned with a copy of bench/bench.yaml whose per-source budgets are wide
/// open: load generators here run from untrusted loopback addresses (127.0.0.5x), so SS_AUTHENTICATION_MAX_RETRY
/// applies to them as to any phone, while hundreds of REGISTERs a second stay within budget. The failure counts
/// and blocks the tests look for are the grains' own (<see cref="Grains"/>).
/// </summary>
public sealed class DigestInteropCluster : IAsyncLifetime
{
    private EdgeProcess? _edge;
    private SiloProcess? _silo;

    public RedisServer Redis { get; } = new();

    public EdgeReadyLine Ready { get; private set; } = null!;

    public EdgeProcess Edge => _edge ?? throw new InvalidOperationException("the edge is not started");

    /// <summary>The grains as the admin API reads them: source IP state (failures, block), endpoint bindings.</summary>
    public IClusterGrains Grains => _client!.Grains;

    private ProcessClusterClient? _client;

    public string ConfigPath { get; } = Path.Combine(Path.GetTempPath(), $"digest-interop-{Guid.NewGuid():N}.yaml");

    public async Task InitializeAsync()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(EdgeProcess.RepositoryRoot, "bench", "bench.yaml"));
        yaml = Replace(yaml, "all_sip: { rate_per_s: 20, burst: 50 }", "all_sip: { rate_per_s: 5000, burst: 10000 }");
        yaml = Replace(yaml, "register: { rate_per_s: 5, burst: 10 }", "register: { rate_per_s: 5000, burst: 10000 }");
        yaml = Replace(yaml, "invite: { rate_per_s: 10, burst: 20 }", "invite: { rate_per_s: 5000, burst: 10000 }");
        yaml = Replace(yaml, "pike: { sampling_unit_s: 2, density: 100, hot_units: 3 }", "pike: { sampling_unit_s: 2, density: 100000, hot_units: 3 }");
        await File.WriteAllTextAsync(ConfigPath, yaml);
        _silo = await SiloProcess.StartAsync("--config", ConfigPath, "--redis", Redis.Configuration);
        _edge = EdgeProcess.Start(
            "--config", ConfigPath,
            "--redis", Redis.Configuration,
            "--listen", "udp:127.0.0.1:0",
            "--metrics", "http://127.0.0.1:0");
        Ready = await _edge.WaitReadyAsync();
        await _edge.WaitClusterJoinedAsync();
        _client = await ProcessClusterClient.ConnectAsync(Redis.Configuration);
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        _edge?.Dispose();
        _silo?.Dispose();
        Redis.Dispose();
        File.Delete(ConfigPath);
    }

    // A bench.yaml edit that no longer matches must fail loudly, not leave the tight budgets in place.
    private static string Replace(string yaml, string from, string to) =>
        yaml.Contains(from, StringComparison.Ordinal) ? yaml.Replace(from, to, StringComparison.Ordinal) : throw new InvalidOperationException($"bench.yaml has no '{from}'");
}
