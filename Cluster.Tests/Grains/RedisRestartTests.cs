using Cluster.Grains;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Grains;

/// <summary>Restarts its own redis-server, so it must not share one with other classes.</summary>
public sealed class RedisRestartTests(RedisServer redis) : GrainTestBase(redis)
{
    [Fact]
    public async Task A_restart_with_aof_loses_no_registration()
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 200; i++)
        {
            var v = await Factory.GetEndpointGrain($"r{i}").RegisterAsync(
                new RegisterRequest($"sip:r{i}@198.51.100.7:5060", "198.51.100.7:5060", TimeSpan.FromHours(1), $"call-{i}", 1), now);
            Assert.Equal(RegisterOutcome.Registered, v.Outcome);
        }

        Redis.Restart();

        for (var i = 0; i < 200; i++)
        {
            var state = await CallWhenBack(() => Factory.GetEndpointGrain($"r{i}").GetAsync(now));
            Assert.Equal($"sip:r{i}@198.51.100.7:5060", Assert.Single(state.Bindings).Contact);
        }
    }

    [Fact]
    public async Task Redis_away_gives_the_typed_error_quickly_and_calls_work_again_when_it_returns()
    {
        var now = DateTimeOffset.UtcNow;
        var gateway = Factory.GetGatewayGrain("restart-gw");
        Assert.Equal(GatewayAdmission.Admitted, (await gateway.AdmitAsync("before", now)).Decision);

        Redis.Stop();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<GrainUnavailableException>(() => gateway.AdmitAsync("during", now));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"typed error took {started.Elapsed}");

        Redis.Start();
        var verdict = await CallWhenBack(() => gateway.AdmitAsync("after", now));
        Assert.Equal(GatewayAdmission.Admitted, verdict.Decision);
        // the lease taken before the outage survived it (AOF)
        Assert.Equal(2, verdict.LinesInUse);
    }

    [Fact]
    public async Task A_hung_redis_gives_the_typed_error_after_the_call_timeout_not_a_hang()
    {
        var now = DateTimeOffset.UtcNow;
        using var grains = RedisGrainFactory.Connect(Redis.Configuration, options: new() { CallTimeout = TimeSpan.FromMilliseconds(500) });
        var grain = grains.GetSourceIpGrain(FreshAddress());
        Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Other, now)).Decision);

        Redis.Pause();
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<GrainUnavailableException>(() => grain.AdmitAsync(SipRequestKind.Other, now));
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"typed error took {started.Elapsed}");
            Assert.Contains("ip:{", e.GrainKey);
        }
        finally
        {
            Redis.Resume();
        }

        Assert.Equal(SourceIpDecision.Admitted, (await CallWhenBack(() => grain.AdmitAsync(SipRequestKind.Other, now))).Decision);
    }

    // The multiplexer reconnects on its own schedule; retry the typed error for a bounded time.
    private static async Task<T> CallWhenBack<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (GrainUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
