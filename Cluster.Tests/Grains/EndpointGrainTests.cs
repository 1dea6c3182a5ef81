using Cluster.Grains;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Grains;

public sealed class EndpointGrainTests(RedisServer redis) : GrainTestBase(redis)
{
    private static RegisterRequest Reg(string contact, string callId, long cseq, int expiresS = 3600, string source = "198.51.100.1:5060") =>
        new(contact, source, TimeSpan.FromSeconds(expiresS), callId, cseq, "Yealink T46");

    [Fact]
    public async Task Register_stores_the_binding_with_its_details()
    {
        var user = FreshName("u");
        var grain = Factory.GetEndpointGrain(user);
        var v = await grain.RegisterAsync(Reg("sip:a@198.51.100.1:5060", "c1", 1), T0);
        Assert.Equal((RegisterOutcome.Registered, 1, 0, (DateTimeOffset?)null), (v.Outcome, v.Bindings, v.Replaced, v.SuspendedUntil));
        Assert.Equal([new BoundContact("sip:a@198.51.100.1:5060", T0.AddHours(1))], v.Contacts);

        var state = await grain.GetAsync(T0.AddSeconds(1));
        var b = Assert.Single(state.Bindings);
        Assert.Equal("sip:a@198.51.100.1:5060", b.Contact);
        Assert.Equal("198.51.100.1:5060", b.Source);
        Assert.Equal(T0.AddHours(1), b.ExpiresAt);
        Assert.Equal("c1", b.CallId);
        Assert.Equal(1, b.CSeq);
        Assert.Equal("Yealink T46", b.UserAgent);
        Assert.True(state.Online);
        Assert.InRange(PttlMs($"ep:{{{user}}}"), 3_500_000, 3_600_000);
    }

    [Fact]
    public async Task Replace_on_kicks_the_old_binding()
    {
        var grain = Factory.GetEndpointGrain(FreshName("u"));
        await grain.RegisterAsync(Reg("sip:a@198.51.100.1", "c1", 1), T0);
        var v = await grain.RegisterAsync(Reg("sip:a@198.51.100.2", "c2", 1, source: "198.51.100.2:5060"), T0);
        Assert.Equal(RegisterOutcome.Registered, v.Outcome);
        Assert.Equal(1, v.Bindings);
        Assert.Equal(1, v.Replaced);
        Assert.Equal("sip:a@198.51.100.2", Assert.Single(await grain.LookupAsync(T0)).Contact);
    }

    [Fact]
    public async Task Replace_off_lets_bindings_coexist_up_to_the_maximum()
    {
        Factory.Policy = Factory.Policy with { Endpoint = new EndpointPolicy { RegisterReplace = false, MaxBindings = 2 } };
        var grain = Factory.GetEndpointGrain(FreshName("u"));
        Assert.Equal(1, (await grain.RegisterAsync(Reg("sip:a@1", "c1", 1), T0)).Bindings);
        Assert.Equal(2, (await grain.RegisterAsync(Reg("sip:a@2", "c2", 1), T0)).Bindings);
        Assert.Equal(RegisterOutcome.TooManyBindings, (await grain.RegisterAsync(Reg("sip:a@3", "c3", 1), T0)).Outcome);
        // a refresh of an existing binding is not a new one
        Assert.Equal(RegisterOutcome.Registered, (await grain.RegisterAsync(Reg("sip:a@2", "c2", 2), T0)).Outcome);
        // an expired binding frees its place
        Assert.Equal(RegisterOutcome.Registered, (await grain.RegisterAsync(Reg("sip:a@3", "c3", 1, 60), T0.AddSeconds(3601))).Outcome);
    }

    [Fact]
    public async Task Out_of_order_cseq_for_the_same_call_id_is_refused()
    {
        var grain = Factory.GetEndpointGrain(FreshName("u"));
        await grain.RegisterAsync(Reg("sip:a@1", "c1", 5), T0);
        Assert.Equal(RegisterOutcome.OutOfOrder, (await grain.RegisterAsync(Reg("sip:a@1", "c1", 4), T0)).Outcome);
        Assert.Equal(RegisterOutcome.OutOfOrder, (await grain.RegisterAsync(Reg("sip:a@1", "c1", 5), T0)).Outcome);
        Assert.Equal(RegisterOutcome.Registered, (await grain.RegisterAsync(Reg("sip:a@1", "c1", 6), T0)).Outcome);
        // a new Call-ID (phone rebooted) starts its own CSeq space
        Assert.Equal(RegisterOutcome.Registered, (await grain.RegisterAsync(Reg("sip:a@1", "c2", 1), T0)).Outcome);
    }

    [Fact]
    public async Task Expires_zero_removes_the_binding()
    {
        var grain = Factory.GetEndpointGrain(FreshName("u"));
        await grain.RegisterAsync(Reg("sip:a@1", "c1", 1), T0);
        var v = await grain.RegisterAsync(Reg("sip:a@1", "c1", 2, 0), T0);
        Assert.Equal(RegisterOutcome.Unregistered, v.Outcome);
        Assert.Empty((await grain.GetAsync(T0)).Bindings);
    }

    [Fact]
    public async Task Consecutive_failures_suspend_and_the_suspension_ends_by_itself()
    {
        var grain = Factory.GetEndpointGrain(FreshName("u"));
        for (var i = 1; i <= 5; i++)
        {
            var f = await grain.RegisterFailedAsync(T0);
            Assert.Equal(i, f.ConsecutiveFailures);
            Assert.False(f.Suspended);
        }

        var sixth = await grain.RegisterFailedAsync(T0);
        Assert.True(sixth.NewlySuspended);
        Assert.Equal(T0.AddSeconds(180), sixth.SuspendedUntil);

        var during = await grain.RegisterAsync(Reg("sip:a@1", "c1", 1), T0.AddSeconds(179));
        Assert.Equal(RegisterOutcome.Suspended, during.Outcome);
        Assert.Equal(T0.AddSeconds(180), during.SuspendedUntil);
        Assert.Equal(RegisterOutcome.Registered, (await grain.RegisterAsync(Reg("sip:a@1", "c1", 1), T0.AddSeconds(180))).Outcome);
    }

    [Fact]
    public async Task A_success_resets_the_failure_count()
    {
        var grain = Factory.GetEndpointGrain(FreshName("u"));
        for (var i = 0; i < 5; i++)
        {
            await grain.RegisterFailedAsync(T0);
        }

        await grain.RegisterAsync(Reg("sip:a@1", "c1", 1), T0);
        var f = await grain.RegisterFailedAsync(T0);
        Assert.Equal(1, f.ConsecutiveFailures);
        Assert.False(f.Suspended);
    }

    [Fact]
    public async Task Suspension_off_only_counts()
    {
        Factory.Policy = Factory.Policy with { Endpoint = new EndpointPolicy { RegisterSuspend = false } };
        var grain = Factory.GetEndpointGrain(FreshName("u"));
        for (var i = 0; i < 10; i++)
        {
            Assert.False((await grain.RegisterFailedAsync(T0)).Suspended);
        }
    }

    [Fact]
    public async Task Unsuspend_releases_at_once()
    {
        var grain = Factory.GetEndpointGrain(FreshName("u"));
        for (var i = 0; i < 6; i++)
        {
            await grain.RegisterFailedAsync(T0);
        }

        Assert.True((await grain.GetAsync(T0)).Suspended);
        await grain.UnsuspendAsync();
        var state = await grain.GetAsync(T0);
        Assert.False(state.Suspended);
        Assert.Equal(0, state.ConsecutiveFailures);
    }

    [Fact]
    public async Task Silent_endpoint_goes_offline_after_time_to_live_and_keepalive_revives_it()
    {
        var grain = Factory.GetEndpointGrain(FreshName("u"));
        await grain.RegisterAsync(Reg("sip:a@1", "c1", 1), T0);
        Assert.Single(await grain.LookupAsync(T0.AddSeconds(60)));
        Assert.Empty(await grain.LookupAsync(T0.AddSeconds(61)));
        Assert.False((await grain.GetAsync(T0.AddSeconds(61))).Online);

        Assert.True(await grain.KeepaliveAsync(T0.AddSeconds(100)));
        Assert.Single(await grain.LookupAsync(T0.AddSeconds(101)));
        Assert.Empty(await grain.LookupAsync(T0.AddSeconds(3601)));
    }

    [Fact]
    public async Task Keepalive_for_an_unknown_user_creates_nothing()
    {
        var user = FreshName("ghost");
        Assert.False(await Factory.GetEndpointGrain(user).KeepaliveAsync(T0));
        Assert.Equal(":0", Redis.Command("EXISTS", $"ep:{{{user}}}").Trim());
    }

    [Fact]
    public async Task Unregister_one_or_all()
    {
        Factory.Policy = Factory.Policy with { Endpoint = new EndpointPolicy { RegisterReplace = false } };
        var grain = Factory.GetEndpointGrain(FreshName("u"));
        await grain.RegisterAsync(Reg("sip:a@1", "c1", 1), T0);
        await grain.RegisterAsync(Reg("sip:a@2", "c2", 1), T0);
        await grain.RegisterAsync(Reg("sip:a@3", "c3", 1), T0);
        Assert.Equal(1, await grain.UnregisterAsync("sip:a@1", T0));
        Assert.Equal(2, await grain.UnregisterAsync(null, T0));
        Assert.Empty((await grain.GetAsync(T0)).Bindings);
    }

    [Fact]
    public async Task Bound_from_is_true_only_for_the_source_of_a_live_binding_of_an_unsuspended_endpoint()
    {
        Factory.Policy = Factory.Policy with { Endpoint = new EndpointPolicy { RegisterRetry = 1, SuspendTime = TimeSpan.FromSeconds(180) } };
        var user = FreshName("u");
        var grain = Factory.GetEndpointGrain(user);
        Assert.False(await grain.IsBoundFromAsync("udp:198.51.100.1:5060", T0));

        await grain.RegisterAsync(Reg("sip:a@198.51.100.1", "c1", 1, expiresS: 120, source: "udp:198.51.100.1:5060"), T0);
        Assert.True(await grain.IsBoundFromAsync("udp:198.51.100.1:5060", T0.AddSeconds(100)));
        Assert.False(await grain.IsBoundFromAsync("udp:198.51.100.1:5061", T0), "another port is another device (or an attacker)");
        Assert.False(await grain.IsBoundFromAsync("udp:198.51.100.2:5060", T0));
        Assert.False(await grain.IsBoundFromAsync("udp:198.51.100.1:5060", T0.AddSeconds(121)), "the binding expired");

        await grain.RegisterFailedAsync(T0.AddSeconds(1));
        Assert.False(await grain.IsBoundFromAsync("udp:198.51.100.1:5060", T0.AddSeconds(2)), "the endpoint is suspended");
    }

    [Fact]
    public async Task Bound_from_for_an_unknown_user_creates_nothing()
    {
        var user = FreshName("ghost");
        Assert.False(await Factory.GetEndpointGrain(user).IsBoundFromAsync("udp:198.51.100.1:5060", T0));
        Assert.Equal(":0", Redis.Command("EXISTS", $"ep:{{{user}}}").Trim());
    }

    [Fact]
    public async Task The_register_turn_spends_the_nonce_count_so_a_replay_on_any_edge_is_refused()
    {
        var endpoint = Factory.GetEndpointGrain("replay-1");
        RegisterRequest Request(long cseq, long nc) =>
            new("sip:replay-1@198.51.100.9:5060", "udp:198.51.100.9:5060", TimeSpan.FromHours(1), "call-1", cseq) { Nonce = "nonce-a", NonceCount = nc };

        Assert.Equal(RegisterOutcome.Registered, (await endpoint.RegisterAsync(Request(1, 1), T0)).Outcome);
        Assert.Equal(RegisterOutcome.Replayed, (await endpoint.RegisterAsync(Request(2, 1), T0.AddSeconds(1))).Outcome);
        Assert.Equal(RegisterOutcome.Registered, (await endpoint.RegisterAsync(Request(3, 2), T0.AddSeconds(2))).Outcome);
        Assert.Equal(RegisterOutcome.Registered, (await endpoint.RegisterAsync(Request(4, 1) with { Nonce = "nonce-b" }, T0.AddSeconds(3))).Outcome);
    }
}
