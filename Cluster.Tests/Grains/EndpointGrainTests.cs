using Cluster.Grains;
using Cluster.Tests.Infrastructure.Silos;
using StackExchange.Redis;

namespace Cluster.Tests.Grains;

/// <summary>
/// The endpoint grain as edges and the admin API use it (<see cref="IClusterGrains.GetEndpointGrain"/>) on a
/// two-silo Orleans cluster with Redis membership and storage: the Lua turn's behaviour, the stored form, and the
/// admin views without SCAN.
/// </summary>
public sealed class EndpointGrainTests : IClassFixture<OrleansCluster>, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly OrleansCluster _cluster;
    private readonly ConnectionMultiplexer _redis;

    public EndpointGrainTests(OrleansCluster cluster)
    {
        _cluster = cluster;
        _cluster.SetPolicy(GrainPolicy.Defaults);
        _redis = ConnectionMultiplexer.Connect(cluster.Redis.Configuration);
    }

    private IClusterGrains Grains => _cluster.Grains;

    private void SetEndpointPolicy(EndpointPolicy policy) => _cluster.SetPolicy(GrainPolicy.Defaults with { Endpoint = policy });

    private static RegisterRequest Reg(string contact, string callId, long cseq, int expiresS = 3600, string source = "198.51.100.1:5060") =>
        new(contact, source, TimeSpan.FromSeconds(expiresS), callId, cseq, "Yealink T46");

    private static string FreshName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>The account's entry as stored in its shard's Redis hash, or null.</summary>
    private EndpointEntry? Stored(string user)
    {
        var value = _redis.GetDatabase().HashGet(EndpointShards.Key(EndpointShards.Of(user)), user);
        return value.IsNull ? null : EndpointEntryCodec.Unpack((byte[])value!);
    }

    private long CommandCalls(string command)
    {
        var info = _cluster.Redis.Command("INFO", "commandstats");
        var line = info.Split('\n').FirstOrDefault(l => l.StartsWith($"cmdstat_{command}:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(':')[1].Split(',')[0].Split('=')[1]);
    }

    [Fact]
    public async Task Register_stores_the_binding_with_its_details_in_redis_before_answering()
    {
        var user = FreshName("u");
        var grain = Grains.GetEndpointGrain(user);
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

        // durable: the answer left after the write; the entry (and its key lifetime) is in the shard's hash
        var stored = Stored(user)!;
        Assert.Equal(b, Assert.Single(stored.Bindings));
        Assert.Equal(T0.AddHours(1).ToUnixTimeMilliseconds(), stored.KeyUntilMs);
        Assert.True(_redis.GetDatabase().KeyTimeToLive(EndpointShards.Key(EndpointShards.Of(user))) > TimeSpan.FromHours(1), "the shard's hash outlives its longest entry");
    }

    [Fact]
    public async Task Replace_on_kicks_the_old_binding()
    {
        var grain = Grains.GetEndpointGrain(FreshName("u"));
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
        SetEndpointPolicy(new EndpointPolicy { RegisterReplace = false, MaxBindings = 2 });
        var grain = Grains.GetEndpointGrain(FreshName("u"));
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
        var grain = Grains.GetEndpointGrain(FreshName("u"));
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
        var grain = Grains.GetEndpointGrain(FreshName("u"));
        await grain.RegisterAsync(Reg("sip:a@1", "c1", 1), T0);
        var v = await grain.RegisterAsync(Reg("sip:a@1", "c1", 2, 0), T0);
        Assert.Equal(RegisterOutcome.Unregistered, v.Outcome);
        Assert.Empty(v.Contacts);
        Assert.Empty((await grain.GetAsync(T0)).Bindings);
    }

    [Fact]
    public async Task Consecutive_failures_suspend_and_the_suspension_ends_by_itself()
    {
        var grain = Grains.GetEndpointGrain(FreshName("u"));
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
        var grain = Grains.GetEndpointGrain(FreshName("u"));
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
        SetEndpointPolicy(new EndpointPolicy { RegisterSuspend = false });
        var grain = Grains.GetEndpointGrain(FreshName("u"));
        for (var i = 0; i < 10; i++)
        {
            Assert.False((await grain.RegisterFailedAsync(T0)).Suspended);
        }
    }

    [Fact]
    public async Task Unsuspend_releases_at_once_and_tells_every_edge()
    {
        var user = FreshName("u");
        var grain = Grains.GetEndpointGrain(user);
        for (var i = 0; i < 6; i++)
        {
            await grain.RegisterFailedAsync(T0);
        }

        Assert.True((await grain.GetAsync(T0)).Suspended);
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var changes = new Cluster.Grains.Changes.ClusterChangesChannel(_cluster.Orleans);
        changes.Subscribe(m =>
        {
            if (m.EndsWith(user, StringComparison.Ordinal))
            {
                announced.TrySetResult(m);
            }
        });
        await changes.Subscribed.WaitAsync(TimeSpan.FromSeconds(10));

        await grain.UnsuspendAsync(T0.AddSeconds(1));
        var state = await grain.GetAsync(T0.AddSeconds(1));
        Assert.False(state.Suspended);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(0, Stored(user)!.SuspendedUntilMs);
        Assert.Equal("unsuspend ep " + user, await announced.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Silent_endpoint_goes_offline_after_time_to_live_and_keepalive_revives_it()
    {
        var grain = Grains.GetEndpointGrain(FreshName("u"));
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
        Assert.False(await Grains.GetEndpointGrain(user).KeepaliveAsync(T0));
        Assert.Null(Stored(user));
    }

    [Fact]
    public async Task Unregister_one_or_all()
    {
        SetEndpointPolicy(new EndpointPolicy { RegisterReplace = false });
        var grain = Grains.GetEndpointGrain(FreshName("u"));
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
        SetEndpointPolicy(new EndpointPolicy { RegisterRetry = 1, SuspendTime = TimeSpan.FromSeconds(180) });
        var user = FreshName("u");
        var grain = Grains.GetEndpointGrain(user);
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
        Assert.False(await Grains.GetEndpointGrain(user).IsBoundFromAsync("udp:198.51.100.1:5060", T0));
        Assert.Null(Stored(user));
    }

    [Fact]
    public async Task A_new_activation_reads_bindings_failures_and_suspensions_back_from_redis()
    {
        SetEndpointPolicy(new EndpointPolicy { RegisterRetry = 2 });
        var registered = FreshName("r");
        var suspended = FreshName("s");
        var failing = FreshName("f");
        await Grains.GetEndpointGrain(registered).RegisterAsync(Reg("sip:r@198.51.100.3", "c1", 7, source: "udp:198.51.100.3:5060"), T0);
        await Grains.GetEndpointGrain(suspended).RegisterFailedAsync(T0);
        await Grains.GetEndpointGrain(suspended).RegisterFailedAsync(T0);
        await Grains.GetEndpointGrain(failing).RegisterFailedAsync(T0);

        await _cluster.Orleans.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var r = await Grains.GetEndpointGrain(registered).GetAsync(T0.AddSeconds(1));
        Assert.Equal(("sip:r@198.51.100.3", 7L), (Assert.Single(r.Bindings).Contact, r.Bindings[0].CSeq));
        Assert.True(await Grains.GetEndpointGrain(registered).IsBoundFromAsync("udp:198.51.100.3:5060", T0.AddSeconds(1)));
        Assert.Equal(RegisterOutcome.OutOfOrder, (await Grains.GetEndpointGrain(registered).RegisterAsync(Reg("sip:r@198.51.100.3", "c1", 7), T0.AddSeconds(1))).Outcome);
        Assert.Equal(T0.AddSeconds(180), (await Grains.GetEndpointGrain(suspended).GetAsync(T0.AddSeconds(1))).SuspendedUntil);
        Assert.Equal(2, (await Grains.GetEndpointGrain(failing).RegisterFailedAsync(T0.AddSeconds(1))).ConsecutiveFailures);
    }

    [Fact]
    public async Task Admin_list_and_census_come_from_the_shard_grains_without_scan()
    {
        SetEndpointPolicy(new EndpointPolicy { RegisterRetry = 1 });
        var prefix = FreshName("adm");
        var now = T0.AddDays(2); // later than every other test's entries, so they have expired and do not count
        var scans = CommandCalls("scan") + CommandCalls("keys");
        var before = await EndpointDirectory.CensusAsync(_cluster.Orleans, now);
        for (var i = 0; i < 5; i++)
        {
            await Grains.GetEndpointGrain($"{prefix}-{i}").RegisterAsync(Reg($"sip:{i}@198.51.100.4", "c", 1), now);
        }

        await Grains.GetEndpointGrain($"{prefix}-9").RegisterFailedAsync(now);

        var after = await EndpointDirectory.CensusAsync(_cluster.Orleans, now);
        Assert.Equal(new EndpointCensus(before.Endpoints + 6, before.Online + 5, before.Suspended + 1), after);

        var all = await EndpointDirectory.ListAsync(_cluster.Orleans, 1000, now);
        Assert.False(all.Truncated);
        Assert.Equal(after.Endpoints, all.Endpoints.Count);
        Assert.Equal(all.Endpoints.Select(e => e.User).Order(StringComparer.Ordinal), all.Endpoints.Select(e => e.User));
        Assert.Equal([.. Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), $"{prefix}-9"], all.Endpoints.Select(e => e.User).Where(u => u.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.True(all.Endpoints.Single(e => e.User == $"{prefix}-9").Suspended);

        var two = await EndpointDirectory.ListAsync(_cluster.Orleans, 2, now);
        Assert.Equal(2, two.Endpoints.Count);
        Assert.True(two.Truncated);
        Assert.Equal(scans, CommandCalls("scan") + CommandCalls("keys"));
    }

    [Fact]
    public async Task A_refresh_reaches_redis_within_the_flush_period_and_any_other_change_before_the_answer()
    {
        var user = FreshName("wb");
        var grain = Grains.GetEndpointGrain(user);
        var key = EndpointShards.Key(EndpointShards.Of(user));
        await grain.RegisterAsync(Reg("sip:a@198.51.100.5", "c1", 1, source: "udp:198.51.100.5:5060"), T0);
        Assert.Equal(1, Stored(user)!.Bindings[0].CSeq); // a new binding: written through

        // the phone's re-REGISTER a minute later only refreshes the binding: the stored expiry follows within the period
        var refreshed = T0.AddSeconds(60);
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(RegisterOutcome.Registered, (await grain.RegisterAsync(Reg("sip:a@198.51.100.5", "c1", 2, source: "udp:198.51.100.5:5060"), refreshed)).Outcome);
        await Infrastructure.RedisKeyWatch.UntilAsync(_cluster.Redis, key, () => Stored(user)!.Bindings[0].CSeq == 2, TimeSpan.FromSeconds(10), "the refresh written behind");
        Assert.True(started.Elapsed < EndpointShardGrain.FlushEvery + TimeSpan.FromSeconds(1), $"the stored expiry lagged {started.Elapsed}");
        Assert.Equal(refreshed.AddHours(1), Stored(user)!.Bindings[0].ExpiresAt);

        // a move to another source is not a refresh: in Redis when the answer arrives
        await grain.RegisterAsync(Reg("sip:a@198.51.100.5", "c1", 3, source: "udp:198.51.100.6:5060"), T0.AddSeconds(61));
        Assert.Equal("udp:198.51.100.6:5060", Stored(user)!.Bindings[0].Source);

        // a deactivation (idle collection, graceful shutdown) writes what is still behind
        await grain.RegisterAsync(Reg("sip:a@198.51.100.5", "c1", 4, source: "udp:198.51.100.6:5060"), T0.AddSeconds(62));
        await _cluster.Orleans.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(4, Stored(user)!.Bindings[0].CSeq);
        Assert.Equal(4, Assert.Single((await grain.GetAsync(T0.AddSeconds(63))).Bindings).CSeq);
    }

    [Fact]
    public async Task The_register_turn_spends_the_nonce_count_so_a_replay_on_any_edge_is_refused()
    {
        var endpoint = Grains.GetEndpointGrain(FreshName("replay"));
        RegisterRequest Request(long cseq, long nc) =>
            new("sip:replay-1@198.51.100.9:5060", "udp:198.51.100.9:5060", TimeSpan.FromHours(1), "call-1", cseq) { Nonce = "nonce-a", NonceCount = nc };

        Assert.Equal(RegisterOutcome.Registered, (await endpoint.RegisterAsync(Request(1, 1), T0)).Outcome);
        Assert.Equal(RegisterOutcome.Replayed, (await endpoint.RegisterAsync(Request(2, 1), T0.AddSeconds(1))).Outcome);
        Assert.Equal(RegisterOutcome.Registered, (await endpoint.RegisterAsync(Request(3, 2), T0.AddSeconds(2))).Outcome);
        Assert.Equal(RegisterOutcome.Registered, (await endpoint.RegisterAsync(Request(4, 1) with { Nonce = "nonce-b" }, T0.AddSeconds(3))).Outcome);

        // the spent counts are stored with the bindings: a new activation still refuses the replay
        await _cluster.Orleans.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(RegisterOutcome.Replayed, (await endpoint.RegisterAsync(Request(5, 2), T0.AddSeconds(4))).Outcome);
    }

    public void Dispose() => _redis.Dispose();
}
