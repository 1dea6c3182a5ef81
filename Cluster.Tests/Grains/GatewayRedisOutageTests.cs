using Cluster.Grains;
using Cluster.Tests.Infrastructure.Silos;

namespace Cluster.Tests.Grains;

/// <summary>Its own cluster: it stops and restarts the redis-server the grains store their leases in.</summary>
public sealed class GatewayRedisOutageTests(OrleansCluster cluster) : IClassFixture<OrleansCluster>
{
    private static readonly TimeSpan s_reconnect = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Redis_away_refuses_with_the_typed_error_quickly_and_leases_survive_the_restart()
    {
        var now = GatewayGrainTests.T0;
        var gateway = cluster.Grains.GetGatewayGrain("restart-gw");
        Assert.Equal(GatewayAdmission.Admitted, (await gateway.AdmitAsync("before", now)).Decision);

        cluster.Redis.Stop();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<GrainUnavailableException>(() => gateway.AdmitAsync("during", now));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"typed error took {started.Elapsed}");

        // the line was not granted: its lease never reached Redis
        cluster.Redis.Start();
        var deadline = DateTime.UtcNow + s_reconnect;
        GatewayAdmitVerdict? after = null;
        while (after is null)
        {
            try
            {
                after = await gateway.AdmitAsync("after", now);
            }
            catch (GrainUnavailableException) when (DateTime.UtcNow < deadline)
            {
                // the silo's Redis connection comes back by itself; each failed try took its storage deadline
            }
        }

        Assert.Equal(GatewayAdmission.Admitted, after.Decision);
        Assert.Equal(2, after.LinesInUse); // "before" (kept by AOF and in the grain) and "after"; "during" was undone
        Assert.Equal(":2", cluster.Redis.Command("ZCARD", "gw:{restart-gw}:lines").Trim());
    }
}
