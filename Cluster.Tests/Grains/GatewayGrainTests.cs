using Cluster.Grains;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Grains;

public sealed class GatewayGrainTests(RedisServer redis) : GrainTestBase(redis)
{
    private GrainPolicy WithGateway(string name, GatewayLimits limits) =>
        Factory.Policy with { Gateways = new Dictionary<string, GatewayLimits> { [name] = limits } };

    [Fact]
    public async Task Thousand_concurrent_admits_from_several_connections_get_exactly_the_line_limit()
    {
        var name = FreshName("gw");
        var policy = WithGateway(name, new GatewayLimits { LineLimit = 50 });
        var factories = Enumerable.Range(0, 4).Select(_ => RedisGrainFactory.Connect(Redis.Configuration, policy)).ToArray();
        try
        {
            var calls = Enumerable.Range(0, 1000)
                .Select(i => factories[i % factories.Length].GetGatewayGrain(name).AdmitAsync($"call-{i}", T0));
            var verdicts = await Task.WhenAll(calls);
            Assert.Equal(50, verdicts.Count(v => v.Decision == GatewayAdmission.Admitted));
            Assert.Equal(950, verdicts.Count(v => v.Decision == GatewayAdmission.LinesFull));
            Assert.Equal(50, (await factories[0].GetGatewayGrain(name).StatsAsync(T0)).LinesInUse);
        }
        finally
        {
            foreach (var f in factories)
            {
                f.Dispose();
            }
        }
    }

    [Fact]
    public async Task Thousand_concurrent_admits_from_several_connections_get_exactly_the_cps_burst()
    {
        var name = FreshName("gw");
        var policy = WithGateway(name, new GatewayLimits { CpsLimit = 50 });
        var factories = Enumerable.Range(0, 4).Select(_ => RedisGrainFactory.Connect(Redis.Configuration, policy)).ToArray();
        try
        {
            var verdicts = await Task.WhenAll(Enumerable.Range(0, 1000)
                .Select(i => factories[i % factories.Length].GetGatewayGrain(name).AdmitAsync($"call-{i}", T0)));
            Assert.Equal(50, verdicts.Count(v => v.Decision == GatewayAdmission.Admitted));
            Assert.Equal(950, verdicts.Count(v => v.Decision == GatewayAdmission.CpsExceeded));

            // one second later the bucket has refilled by exactly the limit
            var next = await Task.WhenAll(Enumerable.Range(0, 100)
                .Select(i => factories[i % factories.Length].GetGatewayGrain(name).AdmitAsync($"next-{i}", T0.AddSeconds(1))));
            Assert.Equal(50, next.Count(v => v.Decision == GatewayAdmission.Admitted));
        }
        finally
        {
            foreach (var f in factories)
            {
                f.Dispose();
            }
        }
    }

    [Fact]
    public async Task Release_frees_the_line_and_a_retransmitted_admit_is_not_counted_twice()
    {
        var name = FreshName("gw");
        Factory.Policy = WithGateway(name, new GatewayLimits { LineLimit = 1 });
        var grain = Factory.GetGatewayGrain(name);
        Assert.Equal(GatewayAdmission.Admitted, (await grain.AdmitAsync("a", T0)).Decision);
        Assert.Equal(GatewayAdmission.AlreadyAdmitted, (await grain.AdmitAsync("a", T0)).Decision);
        Assert.Equal(GatewayAdmission.LinesFull, (await grain.AdmitAsync("b", T0)).Decision);
        Assert.True(await grain.ReleaseAsync("a", CallOutcome.Answered, TimeSpan.FromSeconds(30), T0));
        Assert.False(await grain.ReleaseAsync("a", CallOutcome.Answered, TimeSpan.FromSeconds(30), T0));
        Assert.Equal(GatewayAdmission.Admitted, (await grain.AdmitAsync("b", T0)).Decision);
    }

    [Fact]
    public async Task A_lease_whose_edge_vanished_frees_itself_at_expiry()
    {
        var name = FreshName("gw");
        Factory.Policy = WithGateway(name, new GatewayLimits { LineLimit = 1, LeaseTime = TimeSpan.FromMinutes(5) });
        var grain = Factory.GetGatewayGrain(name);
        await grain.AdmitAsync("lost", T0);
        Assert.Equal(GatewayAdmission.LinesFull, (await grain.AdmitAsync("b", T0.AddMinutes(4))).Decision);
        Assert.Equal(0, await grain.ExpireLeasesAsync(T0.AddMinutes(4)));
        Assert.Equal(1, await grain.ExpireLeasesAsync(T0.AddMinutes(5)));
        Assert.Equal(0, (await grain.StatsAsync(T0.AddMinutes(5))).LinesInUse);
        Assert.Equal(GatewayAdmission.Admitted, (await grain.AdmitAsync("b", T0.AddMinutes(5))).Decision);
        Assert.InRange(PttlMs($"gw:{{{name}}}:lines"), 1, 360_000);
    }

    [Fact]
    public async Task At_the_line_limit_expired_leases_are_freed_in_the_turn_without_the_sweeper()
    {
        var name = FreshName("gw");
        Factory.Policy = WithGateway(name, new GatewayLimits { LineLimit = 2, LeaseTime = TimeSpan.FromMinutes(1) });
        var grain = Factory.GetGatewayGrain(name);
        await grain.AdmitAsync("old", T0);
        await grain.AdmitAsync("live", T0.AddSeconds(30));
        Assert.Equal(GatewayAdmission.LinesFull, (await grain.AdmitAsync("x", T0.AddSeconds(59))).Decision);
        var verdict = await grain.AdmitAsync("new", T0.AddSeconds(60));
        Assert.Equal(GatewayAdmission.Admitted, verdict.Decision);
        Assert.Equal(2, verdict.LinesInUse);
        Assert.Equal(GatewayAdmission.AlreadyAdmitted, (await grain.AdmitAsync("live", T0.AddSeconds(61))).Decision);
    }

    [Fact]
    public async Task Asr_and_acd_cover_the_sliding_window_only()
    {
        var name = FreshName("gw");
        var grain = Factory.GetGatewayGrain(name);
        async Task Call(string id, CallOutcome outcome, int seconds, DateTimeOffset at)
        {
            await grain.AdmitAsync(id, at);
            await grain.ReleaseAsync(id, outcome, TimeSpan.FromSeconds(seconds), at);
        }

        await Call("old", CallOutcome.Answered, 1000, T0);
        var now = T0.AddMinutes(20);
        await Call("b", CallOutcome.Answered, 120, now.AddMinutes(-5));
        await Call("a", CallOutcome.Answered, 60, now);
        await Call("c", CallOutcome.Busy, 0, now);
        await Call("d", CallOutcome.NoAnswer, 0, now);

        var stats = await grain.StatsAsync(now);
        Assert.Equal(4, stats.Attempts);
        Assert.Equal(2, stats.Answered);
        Assert.Equal(0.5, stats.Asr);
        Assert.Equal(TimeSpan.FromSeconds(90), stats.Acd);
        Assert.Equal(3, stats.CurrentCps); // a, c and d were admitted in the current second
    }

    [Fact]
    public async Task Online_state_flips_only_after_the_thresholds()
    {
        var name = FreshName("gw");
        var grain = Factory.GetGatewayGrain(name);
        Assert.True((await grain.StatsAsync(T0)).Online);
        Assert.True((await grain.ProbeResultAsync(false, TimeSpan.Zero, T0)).Online);
        Assert.True((await grain.ProbeResultAsync(false, TimeSpan.Zero, T0.AddSeconds(60))).Online);
        var down = await grain.ProbeResultAsync(false, TimeSpan.Zero, T0.AddSeconds(120));
        Assert.False(down.Online);
        Assert.True(down.Changed);
        Assert.False((await grain.ProbeResultAsync(true, TimeSpan.FromMilliseconds(12), T0.AddSeconds(180))).Online);
        var up = await grain.ProbeResultAsync(true, TimeSpan.FromMilliseconds(14), T0.AddSeconds(240));
        Assert.True(up.Online);
        Assert.True(up.Changed);
        var stats = await grain.StatsAsync(T0.AddSeconds(240));
        Assert.Equal(TimeSpan.FromMilliseconds(14), stats.LastProbeRtt);
        Assert.Equal(T0.AddSeconds(240), stats.LastProbe);
    }
}
