using Cluster.Grains;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Infrastructure.Silos;
using Cluster.Tests.Silo;

namespace Cluster.Tests.Calls;

/// <summary>
/// Issue 11 item 6 with real processes: three silo processes, a mapping gateway with line limit 50, 1,000 concurrent
/// admits from two Orleans clients (as two edges), and the silo holding the gateway's grain killed (kill -9) mid-way.
/// Redis never holds more than 50 leases, no granted lease is lost, and the new activation's count is right at once.
/// </summary>
public sealed class LineLimitFailoverTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int LineLimit = 50;
    private readonly RedisServer _redis = new();
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"lines-{Guid.NewGuid():N}.yaml");
    private readonly List<(SiloProcess Silo, int Port)> _silos = [];

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_config, $"""
            mapping_gateways:
              - name: trunk50
                auth: ip
                ip: 127.0.0.99
                line_limit: {LineLimit}
            """);
        _silos.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            var port = SiloProcess.FreePort();
            var silo = await SiloProcess.StartAsync(
                "--config", _config, "--redis", _redis.Configuration, "--silo-port", port.ToString(), "--gateway-port", SiloProcess.FreePort().ToString());
            return (silo, port);
        })));
    }

    public Task DisposeAsync()
    {
        foreach (var (silo, _) in _silos)
        {
            silo.Dispose();
        }

        _redis.Dispose();
        File.Delete(_config);
        return Task.CompletedTask;
    }

    /// <summary>A call retried while it still reaches the killed silo, within the failover time the README states (seconds).</summary>
    private static async Task<T> AnsweredAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (GrainUnavailableException) when (DateTime.UtcNow < deadline)
            {
            }
        }
    }

    private long Held() => long.Parse(_redis.Command("ZCARD", "gw:{trunk50}:lines").Trim(':', '\r', '\n'));

    [Fact]
    public async Task The_line_limit_holds_exactly_while_the_gateways_silo_is_killed()
    {
        await using var first = await ProcessClusterClient.ConnectAsync(_redis.Configuration);
        await using var second = await ProcessClusterClient.ConnectAsync(_redis.Configuration);
        IClusterGrains[] clients = [first.Grains, second.Grains];
        var now = DateTimeOffset.UtcNow;
        var tally = new AdmissionTally();
        Task Admit(int i) => tally.AdmitAsync(clients[i % clients.Length].GetGatewayGrain("trunk50"), $"call-{i}", now);

        // step 1: 30 admits, all granted
        await Task.WhenAll(Enumerable.Range(0, 30).Select(Admit));
        Assert.Equal(30, tally.Granted.Count);
        Assert.Equal(30, Held());

        var management = first.Orleans.GetGrain<IManagementGrain>(0);
        var host = await management.GetActivationAddress(first.Orleans.GetGrain<IGatewayGrain>("trunk50"));
        Assert.NotNull(host);
        var victim = _silos.Single(s => s.Port == host.Endpoint.Port).Silo;

        // step 2: 970 more in waves; kill -9 while the first is in flight, then wait for the failover (the next call
        // answered by a new activation on a surviving silo) and go on; Redis counted throughout
        var maxHeld = 0L;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                // each sample is a Redis round trip: that is the pace, no sleep between them
                maxHeld = Math.Max(maxHeld, await Task.Run(Held));
            }
        });
        // the first wave is small, so the limit is still open when the new activation takes over
        for (var wave = 0; wave <= 10; wave++)
        {
            var admits = Task.WhenAll((wave == 0 ? Enumerable.Range(30, 10) : Enumerable.Range(40 + ((wave - 1) * 96), 96)).Select(Admit));
            if (wave == 0)
            {
                victim.Kill();
            }

            await admits;
            Assert.InRange(Held(), 0, LineLimit);
            if (wave == 0)
            {
                // the count right after the failover: the new activation read back every lease the dead one wrote
                var failover = System.Diagnostics.Stopwatch.StartNew();
                var after = await AnsweredAsync(() => first.Grains.GetGatewayGrain("trunk50").StatsAsync(now));
                output.WriteLine($"failed over in {failover.Elapsed.TotalSeconds:F1} s with {after.LinesInUse} lines held");
                Assert.Equal(Held(), after.LinesInUse);
                Assert.InRange(after.LinesInUse, 30, 40);
            }
        }

        watching.Cancel();
        await watcher;

        output.WriteLine($"granted {tally.Granted.Count}, refused {tally.Refused}, failed (in flight to the killed silo) {tally.Failed}, most held at once {maxHeld}");
        Assert.InRange(maxHeld, 0, LineLimit);
        Assert.Equal(1000, tally.Total);
        Assert.Equal(LineLimit, Held());
        Assert.InRange(tally.Granted.Count, 30, LineLimit);
        var stored = _redis.Command("ZRANGE", "gw:{trunk50}:lines", "0", "-1").Split("\r\n").ToHashSet(StringComparer.Ordinal);
        Assert.All(tally.Granted, callId => Assert.Contains(callId, stored));

        var stats = await first.Grains.GetGatewayGrain("trunk50").StatsAsync(now);
        Assert.Equal(LineLimit, stats.LinesInUse);
        Assert.Equal(GatewayAdmission.LinesFull, (await second.Grains.GetGatewayGrain("trunk50").AdmitAsync("one-more", now)).Decision);
    }
}
