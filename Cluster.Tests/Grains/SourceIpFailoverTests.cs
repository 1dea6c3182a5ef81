using System.Net;
using Cluster.Grains;
using Cluster.Tests.Infrastructure.Silos;
using Orleans.TestingHost;

namespace Cluster.Tests.Grains;

/// <summary>
/// What a silo's death must not lose of a source: its block and its auth-failure count. Its own cluster, since it
/// kills one of the two silos.
/// </summary>
public sealed class SourceIpFailoverTests(OrleansCluster cluster) : IClassFixture<OrleansCluster>
{
    private static readonly TimeSpan s_failover = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_block_and_an_auth_failure_count_survive_the_loss_of_the_silo_holding_their_shard()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()); // grains keep ms
        var management = cluster.Orleans.GetGrain<IManagementGrain>(0);
        var victim = cluster.Cluster.SecondarySilos[0];

        // two sources of one shard that the secondary silo hosts (placement is random: try shards until one is there)
        IPAddress? blocked = null;
        IPAddress? failing = null;
        for (var n = 1; n < 250 && failing is null; n++)
        {
            var candidate = new IPAddress(new byte[] { 192, 0, 2, (byte)n });
            var key = SourceAddress.KeyOf(candidate);
            var shard = cluster.Orleans.GetGrain<ISourceShardGrain>(SourceIpShards.Of(key));
            await shard.GetAsync(key, now);
            if (await management.GetActivationAddress(shard) != victim.SiloAddress)
            {
                continue;
            }

            if (blocked is null)
            {
                blocked = candidate;
            }
            else if (SourceIpShards.Of(key) == SourceIpShards.Of(SourceAddress.KeyOf(blocked)))
            {
                failing = candidate;
            }
        }

        Assert.NotNull(failing);
        var until = now.AddMinutes(10);
        Assert.Equal(SourceIpDecision.Blocked, (await cluster.Grains.GetSourceIpGrain(blocked!).BlockAsync(until, BlockReason.Manual, now)).Decision);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(i, (await cluster.Grains.GetSourceIpGrain(failing).AuthFailedAsync(now.AddSeconds(i))).AuthFailures);
        }

        await cluster.Cluster.KillSiloAsync(victim);

        // the shard reactivates on the surviving silo from its Redis record; calls fail until the cluster has noticed
        var verdict = await EventuallyAsync(
            () => cluster.Grains.GetSourceIpGrain(blocked!).AdmitAsync(SipRequestKind.Register, now.AddSeconds(10)),
            () => management.GetHosts(onlyActive: true));
        Assert.Equal(SourceIpDecision.Blocked, verdict.Decision);
        Assert.Equal(BlockReason.Manual, verdict.Reason);
        Assert.Equal(until, verdict.BlockedUntil);
        var shardNow = await management.GetActivationAddress(cluster.Orleans.GetGrain<ISourceShardGrain>(SourceIpShards.Of(SourceAddress.KeyOf(blocked!))));
        Assert.NotEqual(victim.SiloAddress, shardNow);

        var fourth = await cluster.Grains.GetSourceIpGrain(failing).AuthFailedAsync(now.AddSeconds(11));
        Assert.Equal(SourceIpDecision.Admitted, fourth.Decision);
        Assert.Equal(4, fourth.AuthFailures);
        var fifth = await cluster.Grains.GetSourceIpGrain(failing).AuthFailedAsync(now.AddSeconds(12));
        Assert.Equal(SourceIpDecision.NewlyBlocked, fifth.Decision);
        Assert.Equal(BlockReason.AuthFailures, fifth.Reason);
    }

    /// <summary>
    /// Retries while the cluster has not yet noticed the dead silo (the call's own typed failure), up to a deadline;
    /// between tries it asks the cluster for its live silos (<paramref name="pace"/>), so the retries go at the
    /// cluster's pace rather than a guessed one.
    /// </summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> call, Func<Task> pace)
    {
        var deadline = DateTime.UtcNow + s_failover;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && e is GrainUnavailableException or SiloUnavailableException or TimeoutException or OrleansMessageRejectionException)
            {
                try
                {
                    await pace();
                }
                catch (Exception p) when (p is GrainUnavailableException or SiloUnavailableException or TimeoutException or OrleansMessageRejectionException)
                {
                    // the question fails the same way while the cluster is deciding; the answer is only a pace
                }
            }
        }
    }
}
