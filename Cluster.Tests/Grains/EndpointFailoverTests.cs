using Cluster.Grains;
using Cluster.Tests.Infrastructure.Silos;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Cluster.Tests.Grains;

/// <summary>
/// A registration and a suspension survive the death of the silo that held their shard grain: the shard
/// reactivates on another silo and reads its entries back from Redis.
/// </summary>
public sealed class EndpointFailoverTests(ThreeSiloCluster cluster) : IClassFixture<ThreeSiloCluster>
{
    private static readonly TimeSpan s_failover = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_registration_and_a_suspension_survive_the_loss_of_the_silo_holding_their_shard()
    {
        var now = DateTimeOffset.UtcNow;
        cluster.SetPolicy(GrainPolicy.Defaults with { Endpoint = new EndpointPolicy { RegisterRetry = 2 } });
        var management = cluster.Orleans.GetGrain<IManagementGrain>(0);

        // a registered and a suspended account whose shards live on the same silo, not the primary (the test's own
        // client and the fixture's bookkeeping live beside the primary)
        SiloHandle? victim = null;
        string? registered = null, suspended = null;
        for (var i = 0; (registered is null || suspended is null) && i < 200; i++)
        {
            var user = $"fo-{i}";
            await cluster.Grains.GetEndpointGrain(user).GetAsync(now);
            var host = await management.GetActivationAddress(cluster.Orleans.GetGrain<IEndpointShardGrain>(EndpointShards.Of(user)));
            var silo = cluster.Cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(host));
            if (silo is null || silo == cluster.Cluster.Primary || (victim is not null && silo != victim))
            {
                continue;
            }

            victim = silo;
            if (registered is null)
            {
                registered = user;
            }
            else
            {
                suspended = user;
            }
        }

        Assert.True(victim is not null && registered is not null && suspended is not null, "no two accounts found on one secondary silo");
        var v = await cluster.Grains.GetEndpointGrain(registered!).RegisterAsync(
            new RegisterRequest("sip:fo@198.51.100.20:5060", "udp:198.51.100.20:5060", TimeSpan.FromHours(1), "call-fo", 3, "Yealink"), now);
        Assert.Equal(RegisterOutcome.Registered, v.Outcome);
        await cluster.Grains.GetEndpointGrain(suspended!).RegisterFailedAsync(now);
        Assert.True((await cluster.Grains.GetEndpointGrain(suspended!).RegisterFailedAsync(now)).NewlySuspended);

        await cluster.Cluster.KillSiloAsync(victim!);

        var state = await UntilAnsweredAsync(() => cluster.Grains.GetEndpointGrain(registered!).GetAsync(now.AddSeconds(1)));
        var binding = Assert.Single(state.Bindings);
        Assert.Equal(("sip:fo@198.51.100.20:5060", "udp:198.51.100.20:5060", 3L, "Yealink"), (binding.Contact, binding.Source, binding.CSeq, binding.UserAgent));
        Assert.Equal(1, (await cluster.Grains.GetEndpointGrain(registered!).LookupAsync(now.AddSeconds(1))).Count);
        Assert.True(await cluster.Grains.GetEndpointGrain(registered!).IsBoundFromAsync("udp:198.51.100.20:5060", now.AddSeconds(1)));

        var stillSuspended = await UntilAnsweredAsync(() => cluster.Grains.GetEndpointGrain(suspended!).GetAsync(now.AddSeconds(1)));
        Assert.Equal(now.AddSeconds(180).ToUnixTimeMilliseconds(), stillSuspended.SuspendedUntil?.ToUnixTimeMilliseconds());
        Assert.Equal(RegisterOutcome.Suspended, (await cluster.Grains.GetEndpointGrain(suspended!).RegisterAsync(
            new RegisterRequest("sip:s@198.51.100.21:5060", "udp:198.51.100.21:5060", TimeSpan.FromHours(1), "c", 1), now.AddSeconds(2))).Outcome);

        // and they are now held by a silo that is still alive
        var newHost = await management.GetActivationAddress(cluster.Orleans.GetGrain<IEndpointShardGrain>(EndpointShards.Of(registered!)));
        Assert.NotEqual(victim!.SiloAddress, newHost);
    }

    /// <summary>Calls until the cluster answers (its membership has declared the dead silo dead), up to a deadline.</summary>
    private static async Task<T> UntilAnsweredAsync<T>(Func<Task<T>> call)
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
                // each failed call already waited for its own deadline or a rejection from the membership
            }
        }
    }
}
