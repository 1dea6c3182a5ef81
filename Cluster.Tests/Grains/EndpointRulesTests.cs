using Cluster.Grains;

namespace Cluster.Tests.Grains;

/// <summary>The endpoint rules as pure functions (no Orleans, no Redis): the Lua turn's behaviour, decision by decision.</summary>
public sealed class EndpointRulesTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly EndpointPolicy Defaults = new();

    private static RegisterRequest Reg(string contact, string callId, long cseq, int expiresS = 3600, string source = "udp:198.51.100.1:5060") =>
        new(contact, source, TimeSpan.FromSeconds(expiresS), callId, cseq, "Yealink T46");

    private static EndpointEntry Apply<T>(EndpointEntry? entry, EndpointTurn<T> turn) => turn.Store ?? entry ?? EndpointEntry.None;

    [Fact]
    public void A_registration_stores_the_binding_and_keeps_the_entry_as_long_as_the_binding()
    {
        var turn = EndpointRules.Register(null, Reg("sip:a@1", "c1", 1), Defaults, T0);
        Assert.Equal((RegisterOutcome.Registered, 1, 0), (turn.Verdict.Outcome, turn.Verdict.Bindings, turn.Verdict.Replaced));
        var e = Assert.IsType<EndpointEntry>(turn.Store);
        Assert.Equal(T0 + 3_600_000, e.KeyUntilMs);
        Assert.Equal(T0, e.LastSeenMs);
        Assert.Equal(new BoundContact("sip:a@1", DateTimeOffset.FromUnixTimeMilliseconds(T0 + 3_600_000)), Assert.Single(turn.Verdict.Contacts));
    }

    [Fact]
    public void Replace_on_keeps_only_the_newest_binding_and_counts_the_replaced()
    {
        var e = Apply(null, EndpointRules.Register(null, Reg("sip:a@1", "c1", 1), Defaults, T0));
        var turn = EndpointRules.Register(e, Reg("sip:a@2", "c2", 1), Defaults, T0);
        Assert.Equal((1, 1), (turn.Verdict.Bindings, turn.Verdict.Replaced));
        Assert.Equal("sip:a@2", Assert.Single(turn.Store!.Bindings).Contact);
    }

    [Fact]
    public void Replace_off_allows_the_maximum_refuses_more_without_changing_anything_and_an_expired_binding_frees_its_place()
    {
        var policy = new EndpointPolicy { RegisterReplace = false, MaxBindings = 2 };
        var e = Apply(null, EndpointRules.Register(null, Reg("sip:a@1", "c1", 1), policy, T0));
        e = Apply(e, EndpointRules.Register(e, Reg("sip:a@2", "c2", 1, 60), policy, T0));
        var refused = EndpointRules.Register(e, Reg("sip:a@3", "c3", 1), policy, T0);
        Assert.Equal((RegisterOutcome.TooManyBindings, 2), (refused.Verdict.Outcome, refused.Verdict.Bindings));
        Assert.Null(refused.Store);
        Assert.Equal(RegisterOutcome.Registered, EndpointRules.Register(e, Reg("sip:a@2", "c2", 2), policy, T0).Verdict.Outcome);
        Assert.Equal(RegisterOutcome.Registered, EndpointRules.Register(e, Reg("sip:a@3", "c3", 1), policy, T0 + 61_000).Verdict.Outcome);
    }

    [Fact]
    public void The_same_call_id_needs_a_higher_cseq_and_a_new_call_id_starts_afresh()
    {
        var e = Apply(null, EndpointRules.Register(null, Reg("sip:a@1", "c1", 5), Defaults, T0));
        Assert.Equal(RegisterOutcome.OutOfOrder, EndpointRules.Register(e, Reg("sip:a@1", "c1", 5), Defaults, T0).Verdict.Outcome);
        Assert.Null(EndpointRules.Register(e, Reg("sip:a@1", "c1", 4), Defaults, T0).Store);
        Assert.Equal(RegisterOutcome.Registered, EndpointRules.Register(e, Reg("sip:a@1", "c1", 6), Defaults, T0).Verdict.Outcome);
        Assert.Equal(RegisterOutcome.Registered, EndpointRules.Register(e, Reg("sip:a@1", "c2", 1), Defaults, T0).Verdict.Outcome);
    }

    [Fact]
    public void Expires_zero_removes_the_binding_and_the_entry_lives_one_second_more()
    {
        var e = Apply(null, EndpointRules.Register(null, Reg("sip:a@1", "c1", 1), Defaults, T0));
        var turn = EndpointRules.Register(e, Reg("sip:a@1", "c1", 2, 0), Defaults, T0 + 10);
        Assert.Equal((RegisterOutcome.Unregistered, 0), (turn.Verdict.Outcome, turn.Verdict.Bindings));
        Assert.Equal(T0 + 10 + 1000, turn.Store!.KeyUntilMs);
    }

    [Fact]
    public void Failures_suspend_at_the_retry_count_for_the_suspend_time_and_the_count_restarts()
    {
        var policy = new EndpointPolicy { RegisterRetry = 3, SuspendTime = TimeSpan.FromSeconds(100) };
        EndpointEntry? e = null;
        for (var i = 1; i <= 2; i++)
        {
            var f = EndpointRules.RegisterFailed(e, policy, T0);
            Assert.Equal((i, false), (f.Verdict.ConsecutiveFailures, f.Verdict.Suspended));
            Assert.Equal(T0 + 100_000, f.Store!.KeyUntilMs); // the failures are remembered as long as a suspension lasts
            e = f.Store;
        }

        var third = EndpointRules.RegisterFailed(e, policy, T0);
        Assert.Equal(new RegisterFailedVerdict(3, true, true, DateTimeOffset.FromUnixTimeMilliseconds(T0 + 100_000)), third.Verdict);
        e = third.Store!;
        Assert.Equal(0, e.Failures);

        var during = EndpointRules.RegisterFailed(e, policy, T0 + 99_999);
        Assert.Equal((0, true, false), (during.Verdict.ConsecutiveFailures, during.Verdict.Suspended, during.Verdict.NewlySuspended));
        Assert.Null(during.Store);
        Assert.Equal(RegisterOutcome.Suspended, EndpointRules.Register(e, Reg("sip:a@1", "c1", 1), policy, T0 + 99_999).Verdict.Outcome);
        Assert.Equal(RegisterOutcome.Registered, EndpointRules.Register(e, Reg("sip:a@1", "c1", 1), policy, T0 + 100_000).Verdict.Outcome);
        Assert.Equal(1, EndpointRules.RegisterFailed(e, policy, T0 + 100_000).Verdict.ConsecutiveFailures);
    }

    [Fact]
    public void Suspension_off_or_retry_zero_only_counts()
    {
        foreach (var policy in new[] { new EndpointPolicy { RegisterSuspend = false }, new EndpointPolicy { RegisterRetry = 0 } })
        {
            EndpointEntry? e = null;
            for (var i = 1; i <= 10; i++)
            {
                var f = EndpointRules.RegisterFailed(e, policy, T0);
                Assert.False(f.Verdict.Suspended);
                Assert.Equal(i, f.Verdict.ConsecutiveFailures);
                e = f.Store;
            }
        }
    }

    [Fact]
    public void Failures_are_forgotten_when_their_memory_ends()
    {
        var e = Apply(null, EndpointRules.RegisterFailed(null, Defaults, T0));
        Assert.Equal(1, EndpointRules.RegisterFailed(e, Defaults, T0 + 180_000).Verdict.ConsecutiveFailures);
        Assert.Equal(2, EndpointRules.RegisterFailed(e, Defaults, T0 + 179_999).Verdict.ConsecutiveFailures);
    }

    [Fact]
    public void A_nonce_count_must_grow_per_nonce_and_the_table_is_bounded_and_forgotten_after_its_memory()
    {
        RegisterRequest R(long cseq, string nonce, long nc) => Reg("sip:a@1", "c1", cseq) with { Nonce = nonce, NonceCount = nc, NonceMemory = TimeSpan.FromSeconds(300) };
        var e = Apply(null, EndpointRules.Register(null, R(1, "n", 1), Defaults, T0));
        Assert.Equal(RegisterOutcome.Replayed, EndpointRules.Register(e, R(2, "n", 1), Defaults, T0 + 1).Verdict.Outcome);
        Assert.Null(EndpointRules.Register(e, R(2, "n", 1), Defaults, T0 + 1).Store);
        Assert.Equal(RegisterOutcome.Registered, EndpointRules.Register(e, R(2, "other", 1), Defaults, T0 + 1).Verdict.Outcome);
        Assert.Equal(RegisterOutcome.Registered, EndpointRules.Register(e, R(2, "n", 1), Defaults, T0 + 300_000).Verdict.Outcome);

        // an unregistration's spent count outlives the binding: the entry keeps its nonces for their memory
        var gone = Apply(e, EndpointRules.Register(e, R(2, "n", 2) with { Expires = TimeSpan.Zero }, Defaults, T0 + 2));
        Assert.False(gone.Exists(T0 + 10_000));
        Assert.Equal(RegisterOutcome.Replayed, EndpointRules.Register(gone, R(3, "n", 2), Defaults, T0 + 10_000).Verdict.Outcome);

        for (var i = 0; i < EndpointRules.MaxSpentNonces - 1; i++)
        {
            e = Apply(e, EndpointRules.Register(e, R(10 + i, $"burst-{i}", 1), Defaults, T0 + 3));
        }

        Assert.Equal(EndpointRules.MaxSpentNonces, e.Nonces.Length);
        e = Apply(e, EndpointRules.Register(e, R(100, "one-more", 1), Defaults, T0 + 4));
        Assert.Equal([new SpentNonce("one-more", 1)], e.Nonces);
    }

    [Fact]
    public void Unregister_one_or_all_and_nothing_for_no_entry()
    {
        var policy = new EndpointPolicy { RegisterReplace = false };
        Assert.Equal(new EndpointTurn<int>(0, null), EndpointRules.Unregister(null, null, T0));
        var e = Apply(null, EndpointRules.Register(null, Reg("sip:a@1", "c1", 1), policy, T0));
        e = Apply(e, EndpointRules.Register(e, Reg("sip:a@2", "c2", 1), policy, T0));
        e = Apply(e, EndpointRules.Register(e, Reg("sip:a@3", "c3", 1), policy, T0));
        var one = EndpointRules.Unregister(e, "sip:a@1", T0);
        Assert.Equal(1, one.Verdict);
        Assert.Equal(2, EndpointRules.Unregister(one.Store, null, T0).Verdict);
        Assert.Equal(0, EndpointRules.Unregister(one.Store, "sip:nobody@1", T0).Verdict);
    }

    [Fact]
    public void Keepalive_never_creates_an_entry_and_revives_a_silent_one()
    {
        Assert.Equal(new EndpointTurn<bool>(false, null), EndpointRules.Keepalive(null, T0));
        var e = Apply(null, EndpointRules.Register(null, Reg("sip:a@1", "c1", 1), Defaults, T0));
        Assert.Single(EndpointRules.Lookup(e, Defaults, T0 + 60_000));
        Assert.Empty(EndpointRules.Lookup(e, Defaults, T0 + 61_000));
        Assert.False(EndpointRules.Get("u", e, Defaults, T0 + 61_000).Online);
        e = Apply(e, EndpointRules.Keepalive(e, T0 + 100_000));
        Assert.True(EndpointRules.Get("u", e, Defaults, T0 + 101_000).Online);
        Assert.Empty(EndpointRules.Lookup(e, Defaults, T0 + 3_601_000));
        Assert.False(EndpointRules.Keepalive(e, T0 + 3_600_000).Verdict);
    }

    [Fact]
    public void Bound_from_needs_a_live_binding_from_that_source_and_no_suspension()
    {
        var policy = new EndpointPolicy { RegisterRetry = 1 };
        var e = Apply(null, EndpointRules.Register(null, Reg("sip:a@1", "c1", 1, 120, "udp:198.51.100.1:5060"), policy, T0));
        Assert.True(EndpointRules.IsBoundFrom(e, "udp:198.51.100.1:5060", T0 + 100_000));
        Assert.False(EndpointRules.IsBoundFrom(e, "udp:198.51.100.1:5061", T0));
        Assert.False(EndpointRules.IsBoundFrom(e, "udp:198.51.100.1:5060", T0 + 121_000));
        e = Apply(e, EndpointRules.RegisterFailed(e, policy, T0 + 1000));
        Assert.False(EndpointRules.IsBoundFrom(e, "udp:198.51.100.1:5060", T0 + 2000));
        Assert.False(EndpointRules.IsBoundFrom(null, "udp:198.51.100.1:5060", T0));
    }

    [Fact]
    public void Unsuspend_ends_the_suspension_and_forgets_the_failures_and_makes_nothing_for_no_entry()
    {
        var policy = new EndpointPolicy { RegisterRetry = 1 };
        var e = Apply(null, EndpointRules.RegisterFailed(null, policy, T0));
        Assert.True(EndpointRules.Get("u", e, policy, T0).Suspended);
        var released = EndpointRules.Unsuspend(e, T0 + 1);
        Assert.False(EndpointRules.Get("u", released, policy, T0 + 1).Suspended);
        Assert.Equal(0, EndpointRules.Get("u", released, policy, T0 + 1).ConsecutiveFailures);
        Assert.Null(EndpointRules.Unsuspend(null, T0));
    }

    [Fact]
    public void Time_to_live_zero_means_a_live_binding_is_always_online()
    {
        var policy = new EndpointPolicy { TimeToLive = TimeSpan.Zero };
        var e = Apply(null, EndpointRules.Register(null, Reg("sip:a@1", "c1", 1), policy, T0));
        Assert.True(EndpointRules.Get("u", e, policy, T0 + 3_000_000).Online);
    }

    [Fact]
    public void Only_a_re_register_that_moves_one_binding_forward_counts_as_a_refresh()
    {
        var e = Apply(null, EndpointRules.Register(null, Reg("sip:a@1", "c1", 1), Defaults, T0));
        bool Refresh(RegisterRequest r, long at) => EndpointRules.Register(e, r, Defaults, at).Store is { } next && EndpointRules.IsRefreshOnly(e, next, at);

        Assert.True(Refresh(Reg("sip:a@1", "c1", 2), T0 + 60_000));
        Assert.True(Refresh(Reg("sip:a@1", "c1", 2) with { Nonce = "n", NonceCount = 1 }, T0 + 60_000));
        Assert.False(Refresh(Reg("sip:a@1", "c1", 2, source: "udp:198.51.100.9:5060"), T0 + 60_000), "a new source");
        Assert.True(Refresh(Reg("sip:a@1", "c9", 1), T0 + 60_000), "a new Call-ID from the same contact and source");
        Assert.False(Refresh(Reg("sip:a@1", "c9", 1, source: "udp:198.51.100.9:5060"), T0 + 60_000), "a new Call-ID from a new source");
        Assert.False(Refresh(Reg("sip:b@1", "c1", 2), T0 + 60_000), "another contact replacing it");
        Assert.False(Refresh(Reg("sip:a@1", "c1", 2, 0), T0 + 60_000), "an unregistration");
        Assert.False(Refresh(Reg("sip:a@1", "c1", 2, 60), T0 + 60_000), "a shorter expiry");
        Assert.False(EndpointRules.IsRefreshOnly(null, e, T0), "a first registration");

        var failed = Apply(e, EndpointRules.RegisterFailed(e, Defaults, T0 + 1));
        var after = EndpointRules.Register(failed, Reg("sip:a@1", "c1", 2), Defaults, T0 + 2).Store!;
        Assert.False(EndpointRules.IsRefreshOnly(failed, after, T0 + 2), "it resets the failure count");
    }

    [Fact]
    public void The_stored_form_round_trips_every_field()
    {
        var e = Apply(null, EndpointRules.Register(null, Reg("sip:ä@1", "c1", 7) with { Nonce = "nonce", NonceCount = 3 }, Defaults, T0));
        e = Apply(e, EndpointRules.RegisterFailed(e, Defaults, T0 + 5));
        var back = EndpointEntryCodec.Unpack(EndpointEntryCodec.Pack(e))!;
        Assert.Equal((e.SuspendedUntilMs, e.Failures, e.LastSeenMs, e.KeyUntilMs, e.NoncesUntilMs), (back.SuspendedUntilMs, back.Failures, back.LastSeenMs, back.KeyUntilMs, back.NoncesUntilMs));
        Assert.Equal(e.Bindings, back.Bindings);
        Assert.Equal(e.Nonces, back.Nonces);
        Assert.Null(EndpointEntryCodec.Unpack(new byte[] { 99 }));
        Assert.Null(EndpointEntryCodec.Unpack(new byte[] { 1, 5 }));
    }
}
