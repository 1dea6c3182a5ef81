using Cluster.Grains;
using Cluster.Tests.Infrastructure.Silos;

namespace Cluster.Tests.Grains;

/// <summary>The mapping gateway grain's record of answered calls, which its maximum-duration timer hangs up.</summary>
public sealed class AnsweredCallGrainTests(OrleansCluster cluster) : IClassFixture<OrleansCluster>
{
    private static readonly DateTimeOffset T0 = GatewayGrainTests.T0;

    internal static AnsweredCall Call(string callId, string mapping, DateTimeOffset answeredAt) => new(
        callId, mapping, "vendorA", answeredAt.ToUnixTimeMilliseconds(), "127.0.0.21:5060", "127.0.0.1:5070",
        "<sip:cust@127.0.0.21>;tag=abc", "<sip:12025550100@127.0.0.1>;tag=xyz", "sip:cust@127.0.0.21:5060", "sip:127.0.0.1:5070", 1);

    private IGatewayGrain Gateway(out string name, TimeSpan leaseTime)
    {
        name = GatewayGrainTests.FreshName("gw");
        cluster.SetPolicy(GrainPolicy.Defaults with { Gateways = new Dictionary<string, GatewayLimits> { [name] = new GatewayLimits { LineLimit = 10, LeaseTime = leaseTime } } });
        return cluster.Grains.GetGatewayGrain(name);
    }

    [Fact]
    public async Task An_answered_call_comes_due_at_its_maximum_duration_once_per_claim()
    {
        var grain = Gateway(out var name, TimeSpan.FromMinutes(2));
        await grain.AdmitAsync("c1", T0);
        Assert.True(await grain.AnsweredAsync(Call("c1", name, T0), T0.AddSeconds(60), TimeSpan.FromMinutes(1), T0));

        Assert.Empty(await grain.ClaimOverdueAsync(T0.AddSeconds(59), TimeSpan.FromSeconds(30), 10));
        var due = Assert.Single(await grain.ClaimOverdueAsync(T0.AddSeconds(60), TimeSpan.FromSeconds(30), 10));
        Assert.Equal(Call("c1", name, T0), due);

        // claimed: not handed out again until the claim runs out, then again (its hang-up never released it)
        Assert.Empty(await grain.ClaimOverdueAsync(T0.AddSeconds(89), TimeSpan.FromSeconds(30), 10));
        Assert.Single(await grain.ClaimOverdueAsync(T0.AddSeconds(90), TimeSpan.FromSeconds(30), 10));
    }

    [Fact]
    public async Task The_answer_keeps_the_line_past_the_admit_lease_until_the_hangup_grace_runs_out()
    {
        // lease from the admit: 2 minutes; the call is answered late and may talk 5 minutes
        var grain = Gateway(out var name, TimeSpan.FromMinutes(2));
        await grain.AdmitAsync("c1", T0);
        await grain.AnsweredAsync(Call("c1", name, T0.AddSeconds(30)), T0.AddSeconds(330), TimeSpan.FromMinutes(1), T0.AddSeconds(30));

        Assert.Equal(1, (await grain.StatsAsync(T0.AddSeconds(389))).LinesInUse);
        Assert.Equal(0, (await grain.StatsAsync(T0.AddSeconds(391))).LinesInUse);
    }

    [Fact]
    public async Task A_released_call_is_neither_recorded_nor_due()
    {
        var grain = Gateway(out var name, TimeSpan.FromMinutes(2));
        await grain.AdmitAsync("ended", T0);
        await grain.AdmitAsync("raced", T0);
        await grain.AnsweredAsync(Call("ended", name, T0), T0.AddSeconds(60), TimeSpan.FromMinutes(1), T0);

        // BYE before the hang-up; and a BYE that overtook the answer's record
        Assert.True(await grain.ReleaseAsync("ended", CallOutcome.Answered, TimeSpan.FromSeconds(10), T0.AddSeconds(10)));
        Assert.True(await grain.ReleaseAsync("raced", CallOutcome.Answered, TimeSpan.Zero, T0.AddSeconds(1)));
        Assert.False(await grain.AnsweredAsync(Call("raced", name, T0), T0.AddSeconds(60), TimeSpan.FromMinutes(1), T0.AddSeconds(1)));

        Assert.Empty(await grain.ClaimOverdueAsync(T0.AddSeconds(120), TimeSpan.FromSeconds(30), 10));
        Assert.Equal(":0", cluster.Redis.Command("EXISTS", $"gw:{{{name}}}:calls").Trim());
    }

    [Fact]
    public async Task Answered_calls_are_listed_soonest_due_first_and_claimed_when_due()
    {
        var grain = Gateway(out var name, TimeSpan.FromMinutes(10));
        await grain.AdmitAsync("late", T0);
        await grain.AdmitAsync("soon", T0);
        await grain.AnsweredAsync(Call("late", name, T0), T0.AddSeconds(300), TimeSpan.FromMinutes(1), T0);
        await grain.AnsweredAsync(Call("soon", name, T0), T0.AddSeconds(100), TimeSpan.FromMinutes(1), T0);

        var listed = await grain.ListAnsweredAsync(T0.AddSeconds(1), 10);
        Assert.Equal(["soon", "late"], listed.Select(c => c.Call.CallId));
        Assert.Equal(T0.AddSeconds(300), listed[1].DueAt);
        Assert.Single(await grain.ListAnsweredAsync(T0.AddSeconds(1), 1));

        Assert.Empty(await grain.ClaimOverdueAsync(T0.AddSeconds(5), TimeSpan.FromSeconds(30), 10));
        var due = Assert.Single(await grain.ClaimOverdueAsync(T0.AddSeconds(100), TimeSpan.FromSeconds(30), 10));
        Assert.Equal("soon", due.CallId);
    }

    [Fact]
    public async Task A_claim_hands_out_at_most_the_batch_and_the_rest_next_time()
    {
        var grain = Gateway(out var name, TimeSpan.FromMinutes(2));
        for (var i = 0; i < 5; i++)
        {
            await grain.AdmitAsync($"c{i}", T0);
            await grain.AnsweredAsync(Call($"c{i}", name, T0), T0.AddSeconds(60 + i), TimeSpan.FromMinutes(1), T0);
        }

        var first = await grain.ClaimOverdueAsync(T0.AddSeconds(100), TimeSpan.FromSeconds(30), 3);
        var second = await grain.ClaimOverdueAsync(T0.AddSeconds(100), TimeSpan.FromSeconds(30), 3);
        Assert.Equal(["c0", "c1", "c2"], first.Select(c => c.CallId));
        Assert.Equal(["c3", "c4"], second.Select(c => c.CallId));
    }
}
