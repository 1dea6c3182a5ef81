using System.Text.Json;
using Cluster.Tests.Admin;
using Cluster.Tests.Calls;
using Cluster.Tests.EdgeHost;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Silo;

namespace Cluster.Tests.Clients;

/// <summary>
/// What a real SIP client talks to: a real redis-server, one edge listening on UDP and TCP, and a silo whose admin
/// API the operator's <c>Cluster.Admin</c> reads. Provisioning is a copy of bench/bench.yaml (accounts 1000-10999,
/// password "secret"; cust-reg calls from wherever account 2000 registered) whose vendorA listens on a free port and
/// whose OPTIONS probes are off, so a vendor that starts with the test is not already taken offline.
/// </summary>
public sealed class ClientCluster : IAsyncLifetime
{
    private EdgeProcess? _edge;
    private SiloProcess? _silo;

    public RedisServer Redis { get; } = new();

    public EdgeReadyLine Edge { get; private set; } = null!;

    /// <summary>Where vendorA (prefix 1) is sent its calls: 127.0.0.1 on this UDP port.</summary>
    public int VendorAPort { get; } = CallCluster.FreeUdpPort();

    /// <summary>Where vendorTcp (prefix 7, <c>transport: tcp</c>) is sent its calls: 127.0.0.1 on this TCP port.</summary>
    public int VendorTcpPort { get; } = CallCluster.FreeUdpPort();

    public string ConfigPath { get; } = Path.Combine(Path.GetTempPath(), $"clients-{Guid.NewGuid():N}.yaml");

    public string EdgeLog => _edge?.Stderr ?? string.Empty;

    public async Task InitializeAsync()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(EdgeProcess.RepositoryRoot, "bench", "bench.yaml"));
        await File.WriteAllTextAsync(ConfigPath, yaml
            .Replace("127.0.0.1:5070", $"127.0.0.1:{VendorAPort}", StringComparison.Ordinal)
            .Replace("options_interval_s: 60", "options_interval_s: 0", StringComparison.Ordinal)
            + $"""

              - name: vendorTcp
                address: 127.0.0.1:{VendorTcpPort}
                transport: tcp
                prefixes: ["7"]
                options_interval_s: 0

            """);
        _silo = await AdminSilo.StartAsync("--config", ConfigPath, "--redis", Redis.Configuration);
        _edge = EdgeProcess.Start(
            "--config", ConfigPath,
            "--redis", Redis.Configuration,
            "--listen", "udp:127.0.0.1:0",
            "--listen", "tcp:127.0.0.1:0",
            "--metrics", "http://127.0.0.1:0");
        Edge = await _edge.WaitReadyAsync();
        await _edge.WaitClusterJoinedAsync();
    }

    /// <summary>Runs <c>Cluster.Admin --json ARGS</c> against the silo; fails unless it exits 0; returns its JSON.</summary>
    public async Task<JsonElement> AdminJsonAsync(params string[] args)
    {
        var result = await AdminProcess.RunAsync(null, ["--silo", _silo!.Admin.ToString(), "--json", .. args]);
        Assert.True(result.ExitCode == 0, $"Cluster.Admin {string.Join(' ', args)}: {result}");
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    /// <summary>The account's bindings as <c>Cluster.Admin endpoint show USER</c> lists them.</summary>
    public async Task<IReadOnlyList<ClientBinding>> BindingsAsync(string user)
    {
        var endpoint = await AdminJsonAsync("endpoint", "show", user);
        Assert.Equal(user, endpoint.GetProperty("user").GetString());
        return [.. endpoint.GetProperty("bindings").EnumerateArray().Select(ClientBinding.FromJson)];
    }

    /// <summary>Lines in use on a gateway, as <c>Cluster.Admin gateway show NAME</c> reports them.</summary>
    public async Task<int> LinesInUseAsync(string gateway) =>
        (await AdminJsonAsync("gateway", "show", gateway)).GetProperty("live").GetProperty("linesInUse").GetInt32();

    public Task DisposeAsync()
    {
        _edge?.Dispose();
        _silo?.Dispose();
        Redis.Dispose();
        File.Delete(ConfigPath);
        return Task.CompletedTask;
    }
}
