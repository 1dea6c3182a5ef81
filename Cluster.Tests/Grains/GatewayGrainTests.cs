using Cluster.Grains;
using Cluster.Tests.Infrastructure.Silos;

namespace Cluster.Tests.Grains;

/// <summary>
/// The gateway grain on a two-silo Orleans cluster with Redis membership and storage. Times are passed, and lie
/// far ahead of the silos' clock, so the grains' own timers (sweep, hang-up) never act on these leases.
/// </summary>
public sealed class GatewayGrainTests(OrleansCluster cluster) : IClassFixture<OrleansCluster>
{
    internal static readonly DateTimeOffset T0 = new(2100, 1, 1, 12, 0, 0, TimeSpan.Zero);

    internal static string FreshName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private IGatewayGrain Provisioned(string name, GatewayLimits limits)
    {
        cluster.SetPolicy(GrainPolicy.Defaults with { Gateways = new Dictionary<string, GatewayLimits> { [name] = limits } });
        return cluster.Grains.GetGatewayGrain(name);
    }

    private long ZCard(string key) => long.Parse(cluster.Redis.Command("ZCARD", key).Trim(':', '\r', '\n'));

    [Fact]
    public async Task Thousand_concurrent_admits_get_exactly_the_line_limit_and_the_leases_are_in_redis()
    {
        var name = FreshName("gw");
        var grain = Provisioned(name, new GatewayLimits { LineLimit = 50 });
        var verdicts = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => grain.AdmitAsync($"call-{i}", T0)));
        Assert.Equal(50, verdicts.Count(v => v.Decision == GatewayAdmission.Admitted));
        Assert.Equal(950, verdicts.Count(v => v.Decision == GatewayAdmission.LinesFull));
        Assert.Equal(50, (await grain.StatsAsync(T0)).LinesInUse);
        Assert.Equal(50, ZCard($"gw:{{{name}}}:lines"));
    }

    [Fact]
    public async Task Thousand_concurrent_admits_get_exactly_the_cps_burst()
    {
        var name = FreshName("gw");
        var grain = Provisioned(name, new GatewayLimits { CpsLimit = 50 });
        var verdicts = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => grain.AdmitAsync($"call-{i}", T0)));
        Assert.Equal(50, verdicts.Count(v => v.Decision == GatewayAdmission.Admitted));
        Assert.Equal(950, verdicts.Count(v => v.Decision == GatewayAdmission.CpsExceeded));

        // one second later the bucket has refilled by exactly the limit
        var next = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => grain.AdmitAsync($"next-{i}", T0.AddSeconds(1))));
        Assert.Equal(50, next.Count(v => v.Decision == GatewayAdmission.Admitted));
    }

    [Fact]
    public async Task Release_frees_the_line_and_a_retransmitted_admit_is_not_counted_twice()
    {
        var grain = Provisioned(FreshName("gw"), new GatewayLimits { LineLimit = 1 });
        Assert.Equal(GatewayAdmission.Admitted, (await grain.AdmitAsync("a", T0)).Decision);
        Assert.Equal(GatewayAdmission.AlreadyAdmitted, (await grain.AdmitAsync("a", T0)).Decision);
        Assert.Equal(GatewayAdmission.LinesFull, (await grain.AdmitAsync("b", T0)).Decision);
        Assert.True(await grain.ReleaseAsync("a", CallOutcome.Answered, TimeSpan.FromSeconds(30), T0));
        Assert.False(await grain.ReleaseAsync("a", CallOutcome.Answered, TimeSpan.FromSeconds(30), T0));
        Assert.Equal(GatewayAdmission.Admitted, (await grain.AdmitAsync("b", T0)).Decision);
    }

    [Fact]
    public async Task A_call_admitted_and_released_in_one_grain_call_takes_and_frees_both_gateways_lines()
    {
        string mapping = FreshName("cust"), vendor = FreshName("vend");
        cluster.SetPolicy(GrainPolicy.Defaults with
        {
            Gateways = new Dictionary<string, GatewayLimits> { [mapping] = new() { LineLimit = 2 }, [vendor] = new() { LineLimit = 1 } },
        });
        var customer = cluster.Grains.GetGatewayGrain(mapping);
        var routing = cluster.Grains.GetGatewayGrain(vendor);
        async Task<(int, int)> Lines() => ((await customer.StatsAsync(T0)).LinesInUse, (await routing.StatsAsync(T0)).LinesInUse);

        var first = await customer.AdmitCallAsync("a", vendor, T0);
        Assert.Equal((GatewayAdmission.Admitted, GatewayAdmission.Admitted), (first.Customer.Decision, first.Vendor!.Decision));

        // the vendor is full: the customer's line is held, for the edge to try the next vendor or give it back
        var second = await customer.AdmitCallAsync("b", vendor, T0);
        Assert.Equal((GatewayAdmission.Admitted, GatewayAdmission.LinesFull), (second.Customer.Decision, second.Vendor!.Decision));

        // the customer is full: the vendor is not asked
        var third = await customer.AdmitCallAsync("c", vendor, T0);
        Assert.Equal(GatewayAdmission.LinesFull, third.Customer.Decision);
        Assert.Null(third.Vendor);
        Assert.False(third.VendorUnreachable);
        Assert.Equal((2, 1), await Lines());

        await customer.ReleaseCallAsync("a", vendor, CallOutcome.Answered, TimeSpan.FromSeconds(30), T0);
        Assert.Equal((1, 0), await Lines());
        Assert.Equal(1, ZCard($"gw:{{{mapping}}}:lines"));
        Assert.Equal(0, ZCard($"gw:{{{vendor}}}:lines"));
    }

    [Fact]
    public async Task A_lease_whose_edge_vanished_frees_itself_at_expiry()
    {
        var name = FreshName("gw");
        var grain = Provisioned(name, new GatewayLimits { LineLimit = 1, LeaseTime = TimeSpan.FromMinutes(5) });
        await grain.AdmitAsync("lost", T0);
        Assert.Equal(GatewayAdmission.LinesFull, (await grain.AdmitAsync("b", T0.AddMinutes(4))).Decision);
        Assert.Equal(0, await grain.ExpireLeasesAsync(T0.AddMinutes(4)));
        Assert.Equal(1, await grain.ExpireLeasesAsync(T0.AddMinutes(5)));
        Assert.Equal(0, (await grain.StatsAsync(T0.AddMinutes(5))).LinesInUse);
        Assert.Equal(GatewayAdmission.Admitted, (await grain.AdmitAsync("b", T0.AddMinutes(5))).Decision);
        var pttl = long.Parse(cluster.Redis.Command("PTTL", $"gw:{{{name}}}:lines").Trim(':', '\r', '\n'));
        Assert.InRange(pttl, 1, 360_000);
    }

    [Fact]
    public async Task At_the_line_limit_expired_leases_are_freed_in_the_turn_without_the_sweeper()
    {
        var grain = Provisioned(FreshName("gw"), new GatewayLimits { LineLimit = 2, LeaseTime = TimeSpan.FromMinutes(1) });
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
        var grain = Provisioned(FreshName("gw"), GatewayLimits.Unlimited);
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
    public async Task Online_state_flips_only_after_the_thresholds_and_survives_reactivation()
    {
        var grain = Provisioned(FreshName("gw"), GatewayLimits.Unlimited);
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

        await grain.ProbeResultAsync(false, TimeSpan.Zero, T0.AddSeconds(300));
        await grain.ProbeResultAsync(false, TimeSpan.Zero, T0.AddSeconds(360));
        Assert.False((await grain.ProbeResultAsync(false, TimeSpan.Zero, T0.AddSeconds(420))).Online);
        await cluster.Orleans.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.False((await grain.StatsAsync(T0.AddSeconds(421))).Online);
    }

    [Fact]
    public async Task Probes_take_a_gateway_offline_for_routing_and_back_while_plain_admission_is_unchanged()
    {
        var gateway = Provisioned(FreshName("vendor"), GatewayLimits.Unlimited);
        Assert.Equal(GatewayAdmission.Admitted, (await gateway.AdmitOnlineAsync("never-probed", T0)).Decision);

        for (var i = 1; i <= 3; i++)
        {
            await gateway.ProbeResultAsync(false, TimeSpan.Zero, T0.AddSeconds(i));
        }

        var refused = await gateway.AdmitOnlineAsync("while-offline", T0.AddSeconds(4));
        Assert.Equal(GatewayAdmission.Offline, refused.Decision);
        Assert.False(refused.HasLine);
        Assert.Equal(GatewayAdmission.Admitted, (await gateway.AdmitAsync("plain", T0.AddSeconds(4))).Decision);

        await gateway.ProbeResultAsync(true, TimeSpan.FromMilliseconds(3), T0.AddSeconds(5));
        Assert.Equal(GatewayAdmission.Offline, (await gateway.AdmitOnlineAsync("one-answer", T0.AddSeconds(5))).Decision);
        await gateway.ProbeResultAsync(true, TimeSpan.FromMilliseconds(3), T0.AddSeconds(6));
        Assert.Equal(GatewayAdmission.Admitted, (await gateway.AdmitOnlineAsync("back", T0.AddSeconds(6))).Decision);
    }

    [Fact]
    public async Task Leases_and_answered_calls_survive_reactivation()
    {
        var name = FreshName("gw");
        var grain = Provisioned(name, new GatewayLimits { LineLimit = 3, LeaseTime = TimeSpan.FromMinutes(10) });
        await grain.AdmitAsync("a", T0);
        await grain.AdmitAsync("b", T0);
        await grain.AnsweredAsync(AnsweredCallGrainTests.Call("a", name, T0), T0.AddSeconds(60), TimeSpan.FromMinutes(1), T0);

        // a new activation (as after its silo died) reads leases and answered calls back
        await cluster.Orleans.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(2, (await grain.StatsAsync(T0.AddSeconds(1))).LinesInUse);
        Assert.Equal("a", Assert.Single(await grain.ListAnsweredAsync(T0.AddSeconds(1), 10)).Call.CallId);
        Assert.Equal(GatewayAdmission.Admitted, (await grain.AdmitAsync("c", T0.AddSeconds(1))).Decision);
        Assert.Equal(GatewayAdmission.LinesFull, (await grain.AdmitAsync("d", T0.AddSeconds(1))).Decision);
        Assert.Equal(GatewayAdmission.AlreadyAdmitted, (await grain.AdmitAsync("b", T0.AddSeconds(1))).Decision);
    }
}
