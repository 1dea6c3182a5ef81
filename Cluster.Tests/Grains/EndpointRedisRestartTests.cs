using Cluster.Grains;
using Cluster.Tests.Infrastructure.Silos;

namespace Cluster.Tests.Grains;

/// <summary>Restarts its cluster's redis-server (AOF on), so it has a cluster of its own.</summary>
public sealed class EndpointRedisRestartTests(OrleansCluster cluster) : IClassFixture<OrleansCluster>
{
    private static readonly TimeSpan s_recovery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_redis_restart_with_aof_loses_no_registration_even_for_a_new_activation()
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 200; i++)
        {
            var v = await cluster.Grains.GetEndpointGrain($"r{i}").RegisterAsync(
                new RegisterRequest($"sip:r{i}@198.51.100.7:5060", "198.51.100.7:5060", TimeSpan.FromHours(1), $"call-{i}", 1), now);
            Assert.Equal(RegisterOutcome.Registered, v.Outcome);
        }

        cluster.Redis.Restart();
        // every shard is read again from the restarted Redis
        await UntilAnsweredAsync(async () =>
        {
            await cluster.Orleans.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            return true;
        });
        for (var i = 0; i < 200; i++)
        {
            var user = $"r{i}";
            var state = await UntilAnsweredAsync(() => cluster.Grains.GetEndpointGrain(user).GetAsync(now));
            Assert.Equal($"sip:r{i}@198.51.100.7:5060", Assert.Single(state.Bindings).Contact);
        }
    }

    /// <summary>Calls until Redis answers again (the silos' connections come back by themselves), up to a deadline.</summary>
    private static async Task<T> UntilAnsweredAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + s_recovery;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // the failed call already waited for its own deadline
            }
        }
    }
}
