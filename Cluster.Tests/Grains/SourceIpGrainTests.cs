using System.Net;
using Cluster.Grains;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Grains;

public sealed class SourceIpGrainTests(RedisServer redis) : GrainTestBase(redis)
{
    [Fact]
    public async Task All_sip_bucket_admits_the_burst_then_refills_at_the_rate()
    {
        var grain = Factory.GetSourceIpGrain(FreshAddress());
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
        var grain = Factory.GetSourceIpGrain(FreshAddress());
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
        Factory.Policy = Factory.Policy with
        {
            SourceIp = new SourceIpPolicy
            {
                AllSip = new(1000, 1000),
                PikeSamplingUnit = TimeSpan.FromSeconds(1),
                PikeDensity = 10,
                PikeHotUnits = 3,
                BlockTime = TimeSpan.FromSeconds(60),
            },
        };
        var grain = Factory.GetSourceIpGrain(FreshAddress());
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
        Factory.Policy = Factory.Policy with
        {
            SourceIp = new SourceIpPolicy { AllSip = new(1000, 1000), PikeSamplingUnit = TimeSpan.FromSeconds(1), PikeDensity = 10, PikeHotUnits = 3 },
        };
        var grain = Factory.GetSourceIpGrain(FreshAddress());
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
        var grain = Factory.GetSourceIpGrain(FreshAddress());
        for (var i = 1; i <= 4; i++)
        {
            var v = await grain.AuthFailedAsync(T0.AddSeconds(i));
            Assert.Equal(SourceIpDecision.Admitted, v.Decision);
            Assert.Equal(i, v.AuthFailures);
        }

        var blocked = await grain.AuthFailedAsync(T0.AddSeconds(5));
        Assert.Equal(SourceIpDecision.NewlyBlocked, blocked.Decision);
        Assert.Equal(BlockReason.AuthFailures, blocked.Reason);
        Assert.Equal(SourceIpDecision.Blocked, (await grain.AdmitAsync(SipRequestKind.Register, T0.AddSeconds(6))).Decision);
    }

    [Fact]
    public async Task Auth_failures_outside_the_window_start_a_new_count()
    {
        var grain = Factory.GetSourceIpGrain(FreshAddress());
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
        Factory.Policy = Factory.Policy with { SourceIp = new SourceIpPolicy { AuthenticationFailedSuspend = false } };
        var grain = Factory.GetSourceIpGrain(FreshAddress());
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(SourceIpDecision.Admitted, (await grain.AuthFailedAsync(T0)).Decision);
        }
    }

    [Fact]
    public async Task Trusted_sources_bypass_every_limit_without_touching_redis()
    {
        Assert.True(TrustedNetworks.TryParseEntry("203.0.113.0/24", out var net));
        Factory.Policy = Factory.Policy with { SourceIp = new SourceIpPolicy { Trusted = new TrustedNetworks([net]), AllSip = new(1, 1) } };
        var address = IPAddress.Parse("203.0.113.9");
        var grain = Factory.GetSourceIpGrain(address);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(SourceIpDecision.Trusted, (await grain.AdmitAsync(SipRequestKind.Invite, T0)).Decision);
        }

        Assert.Equal(SourceIpDecision.Trusted, (await grain.AuthFailedAsync(T0)).Decision);
        Assert.Equal(":0", Redis.Command("EXISTS", "ip:{203.0.113.9}").Trim());
        Assert.True((await grain.GetAsync(T0)).Trusted);
    }

    [Fact]
    public async Task Block_unblock_and_get_for_ops()
    {
        var address = FreshAddress();
        var grain = Factory.GetSourceIpGrain(address);
        var v = await grain.BlockAsync(T0.AddMinutes(10), BlockReason.Manual, T0);
        Assert.Equal(SourceIpDecision.Blocked, v.Decision);

        var state = await grain.GetAsync(T0.AddMinutes(1));
        Assert.True(state.Blocked);
        Assert.Equal(BlockReason.Manual, state.Reason);
        Assert.Equal(T0.AddMinutes(10), state.BlockedUntil);
        Assert.InRange(PttlMs($"ip:{{{address}}}"), 500_000, 600_000);

        await grain.UnblockAsync();
        Assert.False((await grain.GetAsync(T0.AddMinutes(1))).Blocked);
        Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Other, T0.AddMinutes(1))).Decision);
    }

    [Fact]
    public async Task An_idle_grain_expires_with_its_key()
    {
        var address = FreshAddress();
        await Factory.GetSourceIpGrain(address).AdmitAsync(SipRequestKind.Register, T0);
        Assert.InRange(PttlMs($"ip:{{{address}}}"), 30_000, 45_000); // idle expiry plus half of it as slack
    }

    [Fact]
    public async Task A_flushed_script_cache_is_reloaded_on_noscript()
    {
        var grain = Factory.GetSourceIpGrain(FreshAddress());
        await grain.AdmitAsync(SipRequestKind.Other, T0);
        Assert.StartsWith("+OK", Redis.Command("SCRIPT", "FLUSH"));
        Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Other, T0)).Decision);
        Assert.Equal(SourceIpDecision.Admitted, (await grain.AdmitAsync(SipRequestKind.Other, T0)).Decision);
    }
}
