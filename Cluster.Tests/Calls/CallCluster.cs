using System.Net;
using System.Net.Sockets;
using Cluster.Grains;
using Cluster.Tests.EdgeHost;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Infrastructure.Silos;
using Cluster.Tests.Silo;

namespace Cluster.Tests.Calls;

/// <summary>
/// A real redis-server and two edges sharing it, provisioned with a copy of bench/bench.yaml whose vendors
/// listen on free loopback ports (vendorA, vendorB for prefix 1, vendorUK for 44), plus vendorEU for the
/// shorter prefix 4, where nobody listens: a call it took would time out, so a call to 44… proves the
/// longest prefix wins; and for 33, vendorFR (strip_digits 2, add_prefix 0: national format) then vendorFR2
/// (add_prefix 00), to see each failover candidate get its own number rewrite. Customers are bench.yaml's:
/// cust-ip from 127.0.0.21 (CPS 10, 5 lines), cust-pass, and cust-reg from wherever account 2000 registered.
/// A silo on the same Redis serves the admin API (<see cref="Admin"/>), where operators read ASR and ACD.
/// </summary>
public sealed class CallCluster : IAsyncLifetime
{
    private readonly List<(SiloProcess Silo, int SiloPort)> _silos = [];
    private readonly int _siloCount;

    /// <summary>One silo, as the test classes that share this fixture use.</summary>
    public CallCluster()
        : this(1)
    {
    }

    /// <summary>Several silo processes of one cluster (kill-silo tests).</summary>
    internal CallCluster(int silos) => _siloCount = silos;

    /// <summary>One silo, edges with these extra <c>edge:</c> settings (e.g. short SIP timers), as YAML lines indented by two.</summary>
    internal CallCluster(string edgeSettings, string extraVendors = "")
        : this(1) => (_edgeSettings, _extraVendors) = (edgeSettings, extraVendors);

    private readonly string _edgeSettings = string.Empty;
    private readonly string _extraVendors = string.Empty;

    private EdgeProcess? _first;
    private EdgeProcess? _second;
    private ProcessClusterClient? _grains;
    private SiloProcess? _silo;

    public RedisServer Redis { get; } = new();

    public EdgeReadyLine First { get; private set; } = null!;

    public EdgeReadyLine Second { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public IReadOnlyDictionary<string, int> VendorPorts { get; } = new Dictionary<string, int>
    {
        ["vendorA"] = FreeUdpPort(),
        ["vendorB"] = FreeUdpPort(),
        ["vendorUK"] = FreeUdpPort(),
        ["vendorEU"] = FreeUdpPort(),
        ["vendorFR"] = FreeUdpPort(),
        ["vendorFR2"] = FreeUdpPort(),
    };

    /// <summary>Where cust-short calls from: an IP customer whose calls may last 2 s.</summary>
    public const string ShortCallsCustomer = "127.0.0.23";

    public string ConfigPath { get; } = Path.Combine(Path.GetTempPath(), $"calls-{Guid.NewGuid():N}.yaml");

    public async Task InitializeAsync()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(EdgeProcess.RepositoryRoot, "bench", "bench.yaml"));
        yaml = yaml
            .Replace("127.0.0.1:5070", $"127.0.0.1:{VendorPorts["vendorA"]}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5072", $"127.0.0.1:{VendorPorts["vendorB"]}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5074", $"127.0.0.1:{VendorPorts["vendorUK"]}", StringComparison.Ordinal)
            .Replace("options_interval_s: 60", "options_interval_s: 0", StringComparison.Ordinal) // tests feed probe results themselves
            .Replace("\nedge:\n", "\nedge:\n" + _edgeSettings, StringComparison.Ordinal)
            .Replace("\nrouting_gateways:", "\n" + $"""
                  - name: cust-short
                    auth: ip
                    ip: {ShortCallsCustomer}
                    cps_limit: 10
                    line_limit: 5
                    max_call_duration_s: 2

                routing_gateways:
                """, StringComparison.Ordinal);
        yaml += $"""

              - name: vendorEU
                address: 127.0.0.1:{VendorPorts["vendorEU"]}
                prefixes: ["4"]
                priority: 0
                line_limit: 1000
                cps_limit: 200
                options_interval_s: 0
              - name: vendorFR
                address: 127.0.0.1:{VendorPorts["vendorFR"]}
                prefixes: ["33"]
                priority: 10
                strip_digits: 2
                add_prefix: "0"
                options_interval_s: 0
              - name: vendorFR2
                address: 127.0.0.1:{VendorPorts["vendorFR2"]}
                prefixes: ["33"]
                priority: 20
                add_prefix: "00"
                options_interval_s: 0

            """;
        await File.WriteAllTextAsync(ConfigPath, yaml + _extraVendors);
        // several silos start side by side, as pods do, each on ports the tests know
        _silos.AddRange(await Task.WhenAll(Enumerable.Range(0, _siloCount).Select(async _ =>
        {
            var siloPort = SiloProcess.FreePort();
            var silo = await SiloProcess.StartAsync(
                "--config", ConfigPath, "--redis", Redis.Configuration, "--silo-port", siloPort.ToString(), "--gateway-port", SiloProcess.FreePort().ToString());
            return (silo, siloPort);
        })));

        _silo = _silos[0].Silo;
        _first = StartEdge();
        _second = StartEdge();
        First = await _first.WaitReadyAsync();
        Second = await _second.WaitReadyAsync();
        await Task.WhenAll(_first.WaitClusterJoinedAsync(), _second.WaitClusterJoinedAsync(), _first.WaitSignallingJoinedAsync(), _second.WaitSignallingJoinedAsync());
        _grains = await ProcessClusterClient.ConnectAsync(Redis.Configuration);
        Admin = new HttpClient { BaseAddress = _silo.Admin, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The first edge's process, to await the lines it logs.</summary>
    public EdgeProcess FirstEdge => _first ?? throw new InvalidOperationException("the cluster is not started");

    /// <summary>A source IP grain's state (auth failures, block) as the admin API reads it.</summary>
    public Task<SourceIpState> SourceAsync(IPAddress address) => _grains!.Grains.GetSourceIpGrain(address).GetAsync(DateTimeOffset.UtcNow);

    /// <summary>Each edge's log length, taken before an action so that only later lines count as its signal.</summary>
    public int[] LogMarks() => [_first!.StderrLineCount, _second!.StderrLineCount];

    /// <summary>Awaits both edges' <c>cluster change applied: CHANGE</c> line logged after <paramref name="logged"/> (<see cref="LogMarks"/>).</summary>
    public Task BothEdgesAppliedAsync(string change, int[] logged) =>
        Task.WhenAll(_first!.WaitForChangeAppliedAsync(change, logged[0]), _second!.WaitForChangeAppliedAsync(change, logged[1]));

    /// <summary>Awaits both edges' line saying they follow provisioning version <paramref name="version"/> (a parameter change), logged after <paramref name="logged"/>.</summary>
    public Task BothEdgesFollowAsync(long version, int[] logged) =>
        Task.WhenAll(
            _first!.WaitForStderrLineAsync(l => l.Contains($"Following provisioning version {version} ", StringComparison.Ordinal), $"edge 1 to follow version {version}", logged[0]),
            _second!.WaitForStderrLineAsync(l => l.Contains($"Following provisioning version {version} ", StringComparison.Ordinal), $"edge 2 to follow version {version}", logged[1]));

    /// <summary>The gateway grain's online view (lines, ASR, ACD), asked of the grain as the admin API does.</summary>
    public Task<GatewayStats> StatsAsync(string gateway) => _grains!.Grains.GetGatewayGrain(gateway).StatsAsync(DateTimeOffset.UtcNow);

    /// <summary>Feeds one OPTIONS probe result into a gateway grain, as the silo's prober does.</summary>
    public Task<ProbeVerdict> ProbeAsync(string gateway, bool answered) =>
        _grains!.Grains.GetGatewayGrain(gateway).ProbeResultAsync(answered, TimeSpan.FromMilliseconds(answered ? 2 : 0), DateTimeOffset.UtcNow);

    /// <summary>The cluster's silo processes with their silo ports (several when asked for).</summary>
    public IReadOnlyList<(SiloProcess Silo, int SiloPort)> Silos => _silos;

    /// <summary>An Orleans client of the cluster, as an edge is.</summary>
    public ProcessClusterClient Client => _grains!;

    /// <summary>Stops the first edge, as a crashed or scaled-in pod.</summary>
    public void StopFirstEdge() => _first?.Dispose();

    public string SiloLog => _silo?.Output ?? string.Empty;

    public string EdgeLogs => $"--- edge 1\n{_first?.Stderr}\n--- edge 2\n{_second?.Stderr}";

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (_grains is not null)
        {
            await _grains.DisposeAsync();
        }

        foreach (var (silo, _) in _silos)
        {
            silo.Dispose();
        }

        _first?.Dispose();
        _second?.Dispose();
        Redis.Dispose();
        File.Delete(ConfigPath);
    }

    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private EdgeProcess StartEdge() => EdgeProcess.Start(
        "--config", ConfigPath,
        "--redis", Redis.Configuration,
        "--listen", "udp:127.0.0.1:0",
        "--metrics", "http://127.0.0.1:0");
}
