using Cluster.Grains;
using Cluster.Grains.Hosting;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Grains;

/// <summary>Restarts its own redis-server, so it must not share one with other classes.</summary>
public sealed class RedisRestartTests(RedisServer redis) : GrainTestBase(redis)
{
    private static readonly TimeSpan s_reconnect = TimeSpan.FromSeconds(15);

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

        var reconnected = ReconnectedAsync(Factory.Host);
        Redis.Restart();
        await AwaitReconnect(reconnected);

        for (var i = 0; i < 200; i++)
        {
            var state = await Factory.GetEndpointGrain($"r{i}").GetAsync(now);
            Assert.Equal($"sip:r{i}@198.51.100.7:5060", Assert.Single(state.Bindings).Contact);
        }
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

        // A hung server keeps its connection: nothing to reconnect. Once it answers again (PING on a socket of its
        // own is the signal), the client's next call is queued behind the timed-out one and answered in turn.
        Assert.StartsWith("+PONG", Redis.Command("PING"));
        Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Other, now)).Decision);
    }

    /// <summary>
    /// Completes when the client says grain turns run again (it reconnects on its own heartbeat, about once a
    /// second). Subscribe before taking Redis away: the reconnect may come before the test gets to await it.
    /// </summary>
    private static Task ReconnectedAsync(GrainHostClient host)
    {
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.ConnectionRestored += () => restored.TrySetResult();
        return restored.Task;
    }

    private static async Task AwaitReconnect(Task reconnected)
    {
        try
        {
            await reconnected.WaitAsync(s_reconnect);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the grain client did not report its Redis connection restored within {s_reconnect.TotalSeconds} s");
        }
    }
}
