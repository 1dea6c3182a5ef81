using Cluster.Grains;
using Cluster.Grains.Hosting;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Grains;

/// <summary>Restarts its own redis-server, so it must not share one with other classes.</summary>
public sealed class RedisRestartTests(RedisServer redis) : GrainTestBase(redis)
{
    private static readonly TimeSpan s_reconnect = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Redis_away_gives_the_typed_error_quickly_and_calls_work_again_when_it_returns()
    {
        var now = DateTimeOffset.UtcNow;
        var gateway = Factory.GetGatewayGrain("restart-gw");
        Assert.Equal(GatewayAdmission.Admitted, (await gateway.AdmitAsync("before", now)).Decision);

        var reconnected = ReconnectedAsync(Factory.Host);
        Redis.Stop();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<GrainUnavailableException>(() => gateway.AdmitAsync("during", now));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"typed error took {started.Elapsed}");

        Redis.Start();
        await AwaitReconnect(reconnected);
        var verdict = await gateway.AdmitAsync("after", now);
        Assert.Equal(GatewayAdmission.Admitted, verdict.Decision);
        // the lease taken before the outage survived it (AOF)
        Assert.Equal(2, verdict.LinesInUse);
    }

    [Fact]
    public async Task A_hung_redis_gives_the_typed_error_after_the_call_timeout_not_a_hang()
    {
        var now = DateTimeOffset.UtcNow;
        using var grains = RedisGrainFactory.Connect(Redis.Configuration, options: new() { CallTimeout = TimeSpan.FromMilliseconds(500) });
        var grain = grains.GetGatewayGrain(FreshName("hung"));
        Assert.Equal(GatewayAdmission.Admitted, (await grain.AdmitAsync("before", now)).Decision);

        Redis.Pause();
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<GrainUnavailableException>(() => grain.AdmitAsync("during", now));
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"typed error took {started.Elapsed}");
            Assert.Contains("gw:{", e.GrainKey);
        }
        finally
        {
            Redis.Resume();
        }

        // A hung server keeps its connection: nothing to reconnect. Once it answers again (PING on a socket of its
        // own is the signal), the client's next call is queued behind the timed-out one and answered in turn.
        Assert.StartsWith("+PONG", Redis.Command("PING"));
        Assert.Equal(GatewayAdmission.Admitted, (await grain.AdmitAsync("after", now)).Decision);
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
