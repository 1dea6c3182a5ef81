using Cluster.Grains;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Infrastructure.Silos;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Tests.Grains;

/// <summary>Three TestingHost silos: the gateway grain's silo is killed while admits are in flight.</summary>
public sealed class ThreeSiloCluster : OrleansCluster
{
    protected override short SiloCount => 3;
}

/// <summary>
/// Issue 11 item 6: line limit 50, 1,000 concurrent admits from two callers (the client and a silo), the silo holding the gateway killed
/// mid-way. Never more than 50 leases are held (Redis counted while the admits run and at the end), every granted
/// lease is still held after the failover, and the new activation's count is right at once.
/// </summary>
public sealed class GatewayFailoverTests(ThreeSiloCluster cluster) : IClassFixture<ThreeSiloCluster>
{
    private const int LineLimit = 50;

    [Fact]
    public async Task The_line_limit_holds_exactly_while_the_gateways_silo_is_killed()
    {
        var now = GatewayGrainTests.T0;

        // a gateway whose activation is not on the first silo (kept up for the TestingHost client)
        string name;
        Orleans.Runtime.SiloAddress? host;
        var management = cluster.Orleans.GetGrain<IManagementGrain>(0);
        do
        {
            name = GatewayGrainTests.FreshName("fail");
            cluster.SetPolicy(GrainPolicy.Defaults with
            {
                Gateways = new Dictionary<string, GatewayLimits> { [name] = new GatewayLimits { LineLimit = LineLimit, LeaseTime = TimeSpan.FromMinutes(30) } },
            });
            await cluster.Grains.GetGatewayGrain(name).PingAsync();
            host = await management.GetActivationAddress(cluster.Orleans.GetGrain<IGatewayGrain>(name));
        }
        while (host is null || host.Equals(cluster.Cluster.Silos[0].SiloAddress));

        // callers: the test's client and the first silo's own grain factory (it stays up), as edges and the silo's admin API are
        var first = ((Orleans.TestingHost.InProcessSiloHandle)cluster.Cluster.Silos[0]).SiloHost.Services.GetRequiredService<IGrainFactory>();
        Func<string, IGatewayGrain>[] clients = [cluster.Grains.GetGatewayGrain, n => first.GetGrain<IGatewayGrain>(n)];
        var lines = $"gw:{{{name}}}:lines";
        long Held() => long.Parse(cluster.Redis.Command("ZCARD", lines).Trim(':', '\r', '\n'));

        var tally = new AdmissionTally();
        Task Admit(int i) => tally.AdmitAsync(clients[i % clients.Length](name), $"call-{i}", now);

        // step 1: 30 admits, all granted
        await Task.WhenAll(Enumerable.Range(0, 30).Select(Admit));
        Assert.Equal(30, tally.Granted.Count);
        Assert.Equal(30, Held());

        // step 2: 970 more in waves, the gateway's silo killed while the third wave is in flight; Redis is counted
        // after every wave and continuously while they run
        var maxHeld = 0L;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                maxHeld = Math.Max(maxHeld, Held());
                await Task.Yield();
            }
        });
        var victim = cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(host));
        for (var wave = 0; wave < 10; wave++)
        {
            var admits = Task.WhenAll(Enumerable.Range(30 + (wave * 97), 97).Select(Admit));
            if (wave == 2)
            {
                await Task.WhenAll(admits, cluster.Cluster.KillSiloAsync(victim));
            }
            else
            {
                await admits;
            }

            Assert.InRange(Held(), 0, LineLimit);
        }

        watching.Cancel();
        await watcher;

        Assert.InRange(maxHeld, 0, LineLimit);
        Assert.Equal(1000, tally.Total);
        Assert.Equal(LineLimit, Held());
        Assert.InRange(tally.Granted.Count, 30, LineLimit);
        var stored = cluster.Redis.Command("ZRANGE", lines, "0", "-1").Split("\r\n").ToHashSet(StringComparer.Ordinal);
        Assert.All(tally.Granted, callId => Assert.Contains(callId, stored));

        // the count right after the failover: the new activation read every lease back
        var stats = await cluster.Grains.GetGatewayGrain(name).StatsAsync(now);
        Assert.Equal(LineLimit, stats.LinesInUse);
        Assert.Equal(GatewayAdmission.LinesFull, (await cluster.Grains.GetGatewayGrain(name).AdmitAsync("one-more", now)).Decision);
    }
}
