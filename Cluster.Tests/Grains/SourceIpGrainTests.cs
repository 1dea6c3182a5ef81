using System.Net;
using Cluster.Grains;
using Cluster.Tests.Infrastructure.Silos;
using StackExchange.Redis;

namespace Cluster.Tests.Grains;

/// <summary>
/// The source IP shard grains on a two-silo Orleans cluster with Redis membership and storage, through the facade
/// edges use (<see cref="IClusterGrains.GetSourceIpGrain"/>). Tests of one class run one after another on one
/// cluster; each sets the policy it needs and uses addresses no other test uses.
/// </summary>
public sealed class SourceIpGrainTests : IClassFixture<OrleansCluster>
{
    internal static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static int _nextAddress;
    private readonly OrleansCluster _cluster;

    public SourceIpGrainTests(OrleansCluster cluster)
    {
        _cluster = cluster;
        cluster.SetPolicy(GrainPolicy.Defaults);
    }

    private IClusterGrains Grains => _cluster.Grains;

    /// <summary>A source address no other test uses.</summary>
    internal static IPAddress FreshAddress()
    {
        var n = Interlocked.Increment(ref _nextAddress);
        return new IPAddress(new byte[] { 198, 51, (byte)(n / 250), (byte)(n % 250 + 1) });
    }

    private void Policy(SourceIpPolicy sourceIp) => _cluster.SetPolicy(GrainPolicy.Defaults with { SourceIp = sourceIp });

    [Fact]
    public async Task All_sip_bucket_admits_the_burst_then_refills_at_the_rate()
    {
        var grain = Grains.GetSourceIpGrain(FreshAddress());
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Other, T0)).Decision);
        }

        Assert.Equal(SourceIpDecision.Throttled, (await grain.AdmitAsync(SipRequestKind.Other, T0)).Decision);

        var later = T0.AddSeconds(1);
        var admitted = 0;
        for (var i = 0; i < 30; i++)
        {
            if ((await grain.AdmitAsync(SipRequestKind.Other, later)).Decision == SourceIpDecision.Admitted)
            {
                admitted++;
            }
        }

        Assert.Equal(20, admitted);
    }

    [Fact]
    public async Task Register_bucket_is_5_per_second_burst_10_and_separate_from_invite()
    {
        var grain = Grains.GetSourceIpGrain(FreshAddress());
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Register, T0)).Decision);
        }

        Assert.Equal(SourceIpDecision.Throttled, (await grain.AdmitAsync(SipRequestKind.Register, T0)).Decision);
        Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Invite, T0)).Decision);
        Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Register, T0.AddMilliseconds(200))).Decision);
        Assert.Equal(SourceIpDecision.Throttled, (await grain.AdmitAsync(SipRequestKind.Register, T0.AddMilliseconds(200))).Decision);
    }

    [Fact]
    public async Task Persistent_overflow_blocks_the_source_as_a_flood_until_the_block_expires()
    {
        Policy(new SourceIpPolicy
        {
            AllSip = new(1000, 1000),
            PikeSamplingUnit = TimeSpan.FromSeconds(1),
            PikeDensity = 10,
            PikeHotUnits = 3,
            BlockTime = TimeSpan.FromSeconds(60),
        });
        var grain = Grains.GetSourceIpGrain(FreshAddress());
        var start = T0.AddMilliseconds(-T0.ToUnixTimeMilliseconds() % 1000);

        async Task Send(DateTimeOffset at, int n)
        {
            for (var i = 0; i < n; i++)
            {
                var v = await grain.AdmitAsync(SipRequestKind.Other, at);
                Assert.Equal(SourceIpDecision.Admitted, v.Decision);
            }
        }

        await Send(start, 11);
        await Send(start.AddSeconds(1), 11);
        var tipping = start.AddSeconds(2);
        await Send(tipping, 10);
        var verdict = await grain.AdmitAsync(SipRequestKind.Other, tipping);
        Assert.Equal(SourceIpDecision.NewlyBlocked, verdict.Decision);
        Assert.Equal(BlockReason.Flood, verdict.Reason);
        Assert.Equal(tipping.AddSeconds(60), verdict.BlockedUntil);

        Assert.Equal(SourceIpDecision.Blocked, (await grain.AdmitAsync(SipRequestKind.Other, tipping.AddSeconds(59))).Decision);
        Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Other, tipping.AddSeconds(60))).Decision);
    }

    [Fact]
    public async Task A_quiet_unit_breaks_the_overflow_streak()
    {
        Policy(new SourceIpPolicy { AllSip = new(1000, 1000), PikeSamplingUnit = TimeSpan.FromSeconds(1), PikeDensity = 10, PikeHotUnits = 3 });
        var grain = Grains.GetSourceIpGrain(FreshAddress());
        var start = T0.AddMilliseconds(-T0.ToUnixTimeMilliseconds() % 1000);
        foreach (var unit in new[] { 0, 1, 3, 4 })
        {
            for (var i = 0; i < 11; i++)
            {
                Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Other, start.AddSeconds(unit))).Decision);
            }
        }
    }

    [Fact]
    public async Task Auth_failures_block_at_max_retry_within_the_window()
    {
        var grain = Grains.GetSourceIpGrain(FreshAddress());
        for (var i = 1; i <= 4; i++)
        {
            var v = await grain.AuthFailedAsync(T0.AddSeconds(i));
            Assert.Equal(SourceIpDecision.Admitted, v.Decision);
            Assert.Equal(i, v.AuthFailures);
        }

        var blocked = await grain.AuthFailedAsync(T0.AddSeconds(5));
        Assert.Equal(SourceIpDecision.NewlyBlocked, blocked.Decision);
        Assert.Equal(BlockReason.AuthFailures, blocked.Reason);
        Assert.Equal(T0.AddSeconds(5 + 600), blocked.BlockedUntil);
        Assert.Equal(SourceIpDecision.Blocked, (await grain.AdmitAsync(SipRequestKind.Register, T0.AddSeconds(6))).Decision);
    }

    [Fact]
    public async Task Auth_failures_outside_the_window_start_a_new_count()
    {
        var grain = Grains.GetSourceIpGrain(FreshAddress());
        for (var i = 0; i < 4; i++)
        {
            await grain.AuthFailedAsync(T0);
        }

        var v = await grain.AuthFailedAsync(T0.AddSeconds(61));
        Assert.Equal(SourceIpDecision.Admitted, v.Decision);
        Assert.Equal(1, v.AuthFailures);
    }

    [Fact]
    public async Task Auth_failures_never_block_when_suspend_is_off()
    {
        Policy(new SourceIpPolicy { AuthenticationFailedSuspend = false });
        var grain = Grains.GetSourceIpGrain(FreshAddress());
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(SourceIpDecision.Admitted, (await grain.AuthFailedAsync(T0)).Decision);
        }
    }

    [Fact]
    public async Task Trusted_sources_bypass_every_limit_without_a_grain_call()
    {
        Assert.True(TrustedNetworks.TryParseEntry("203.0.113.0/24", out var net));
        Policy(new SourceIpPolicy { Trusted = new TrustedNetworks([net]), AllSip = new(1, 1) });
        var address = IPAddress.Parse("203.0.113.9");
        var grain = Grains.GetSourceIpGrain(address);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(SourceIpDecision.Trusted, (await grain.AdmitAsync(SipRequestKind.Invite, T0)).Decision);
        }

        Assert.Equal(SourceIpDecision.Trusted, (await grain.AuthFailedAsync(T0)).Decision);

        // the shard never saw the source: no request counted, nothing stored
        var key = SourceAddress.KeyOf(address);
        var shard = _cluster.Orleans.GetGrain<ISourceShardGrain>(SourceIpShards.Of(key));
        var seen = await shard.GetAsync(key, T0);
        Assert.Equal(0, seen.RequestsInSamplingUnit);
        Assert.Equal(0, seen.AuthFailures);
        Assert.False(await RecordExistsAsync(address));
        Assert.True((await grain.GetAsync(T0)).Trusted);
    }

    [Fact]
    public async Task Block_unblock_and_get_for_ops_with_the_block_stored_and_the_unblock_announced()
    {
        var address = FreshAddress();
        var grain = Grains.GetSourceIpGrain(address);
        var v = await grain.BlockAsync(T0.AddMinutes(10), BlockReason.Manual, T0);
        Assert.Equal(SourceIpDecision.Blocked, v.Decision);

        var state = await grain.GetAsync(T0.AddMinutes(1));
        Assert.True(state.Blocked);
        Assert.Equal(BlockReason.Manual, state.Reason);
        Assert.Equal(T0.AddMinutes(10), state.BlockedUntil);
        Assert.Equal(address.ToString(), state.Address);
        Assert.True(await RecordExistsAsync(address), "the block is not in Redis");

        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var changes = new Cluster.Grains.Changes.ClusterChangesChannel(_cluster.Orleans);
        changes.Subscribe(m =>
        {
            if (m == $"unblock ip {address}")
            {
                announced.TrySetResult(m);
            }
        });
        await changes.Subscribed.WaitAsync(TimeSpan.FromSeconds(10));

        await grain.UnblockAsync();
        Assert.Equal($"unblock ip {address}", await announced.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False((await grain.GetAsync(T0.AddMinutes(1))).Blocked);
        Assert.False(await RecordExistsAsync(address), "the unblock left the record in Redis");
        Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Other, T0.AddMinutes(1))).Decision);
    }

    [Fact]
    public async Task An_idle_source_is_forgotten_after_the_idle_expiry_and_starts_again_with_full_buckets()
    {
        Policy(new SourceIpPolicy { Register = new(0.01, 1), IdleExpiry = TimeSpan.FromSeconds(30) });
        var grain = Grains.GetSourceIpGrain(FreshAddress());
        Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Register, T0)).Decision);
        var last = T0.AddSeconds(1);
        Assert.Equal(SourceIpDecision.Throttled, (await grain.AdmitAsync(SipRequestKind.Register, last)).Decision);

        // 0.3 tokens refilled by 30 s after the last turn, so still throttled just before the expiry...
        Assert.Equal(SourceIpDecision.Throttled, (await grain.AdmitAsync(SipRequestKind.Register, last.AddSeconds(29.9))).Decision);

        // ...and that turn kept it: forgotten only 30 s after the latest one, then a full bucket
        var latest = last.AddSeconds(29.9);
        Assert.Equal(SourceIpDecision.Throttled, (await grain.AdmitAsync(SipRequestKind.Register, latest.AddSeconds(29.9))).Decision);
        latest = latest.AddSeconds(29.9);
        Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Register, latest.AddSeconds(30))).Decision);
    }

    [Fact]
    public async Task A_failure_window_and_a_block_outlive_the_idle_expiry()
    {
        var grain = Grains.GetSourceIpGrain(FreshAddress());
        for (var i = 0; i < 3; i++)
        {
            await grain.AuthFailedAsync(T0);
        }

        // the 60 s window keeps the count past the 30 s idle expiry
        Assert.Equal(3, (await grain.GetAsync(T0.AddSeconds(45))).AuthFailures);
        Assert.Equal(4, (await grain.AuthFailedAsync(T0.AddSeconds(50))).AuthFailures);

        var blocked = Grains.GetSourceIpGrain(FreshAddress());
        await blocked.BlockAsync(T0.AddMinutes(5), BlockReason.Scanner, T0);
        Assert.Equal(SourceIpDecision.Blocked, (await blocked.AdmitAsync(SipRequestKind.Other, T0.AddMinutes(4))).Decision);
        Assert.Equal(SourceIpDecision.Admitted, (await blocked.AdmitAsync(SipRequestKind.Other, T0.AddMinutes(5))).Decision);
    }

    [Fact]
    public async Task Top_and_census_ask_every_shard_blocked_first_then_failing_then_busiest()
    {
        // a day on, everything earlier tests left is forgotten: the counts are this test's alone
        var now = T0.AddDays(1);
        var flooding = FreshAddress();
        var failing = FreshAddress();
        var blockedSoon = FreshAddress();
        var blockedLater = FreshAddress();
        for (var i = 0; i < 7; i++)
        {
            await Grains.GetSourceIpGrain(flooding).AdmitAsync(SipRequestKind.Other, now);
        }

        await Grains.GetSourceIpGrain(failing).AuthFailedAsync(now);
        await Grains.GetSourceIpGrain(blockedSoon).BlockAsync(now.AddMinutes(5), BlockReason.Manual, now);
        await Grains.GetSourceIpGrain(blockedLater).BlockAsync(now.AddMinutes(50), BlockReason.Scanner, now);

        var top = await SourceIpShards.TopAsync(_cluster.Orleans, 10, now.AddSeconds(1));
        Assert.Equal(4, top.Tracked);
        Assert.Equal([blockedLater.ToString(), blockedSoon.ToString(), failing.ToString(), flooding.ToString()], top.Sources.Select(s => s.Address));
        Assert.Equal(BlockReason.Scanner, top.Sources[0].Reason);
        Assert.Equal(1, top.Sources[2].AuthFailures);
        Assert.Equal(7, top.Sources[3].RequestsInSamplingUnit);
        Assert.Equal(2, (await SourceIpShards.TopAsync(_cluster.Orleans, 2, now.AddSeconds(1))).Sources.Count);

        Assert.Equal(new SourceIpCensus(4, 2), await SourceIpShards.CensusAsync(_cluster.Orleans, now.AddSeconds(1)));

        // 31 s on the flooding source is idle-expired; 61 s on the failure window has closed too
        Assert.Equal(new SourceIpCensus(3, 2), await SourceIpShards.CensusAsync(_cluster.Orleans, now.AddSeconds(31)));
        Assert.Equal(new SourceIpCensus(2, 2), await SourceIpShards.CensusAsync(_cluster.Orleans, now.AddSeconds(61)));
        Assert.Equal(new SourceIpCensus(0, 0), await SourceIpShards.CensusAsync(_cluster.Orleans, now.AddMinutes(50)));
        Assert.False(await RecordExistsAsync(blockedLater), "the sweep left an expired block's record in Redis");
    }

    private async Task<bool> RecordExistsAsync(IPAddress address)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(_cluster.Redis.Configuration);
        var key = SourceAddress.KeyOf(address);
        var field = new byte[16];
        SourceAddress.Write(key, field);
        return await redis.GetDatabase().HashExistsAsync($"ip:{{shard-{SourceIpShards.Of(key)}}}", field);
    }
}
