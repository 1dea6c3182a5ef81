using System.Net;
using Cluster.Grains;

namespace Cluster.Tests.Grains;

/// <summary>The pure source IP rules and the compact forms the shard grain keeps and stores, without Orleans.</summary>
public sealed class SourceIpRulesTests
{
    private static readonly long T0 = SourceIpGrainTests.T0.ToUnixTimeMilliseconds();
    private static readonly SourceIpPolicy Defaults = new();

    [Fact]
    public void An_ipv4_source_has_one_key_whichever_socket_family_it_arrived_on()
    {
        var v4 = IPAddress.Parse("198.51.100.7");
        Assert.Equal(SourceAddress.KeyOf(v4), SourceAddress.KeyOf(v4.MapToIPv6()));
        Assert.Equal(v4, SourceAddress.AddressOf(SourceAddress.KeyOf(v4.MapToIPv6())));
        var v6 = IPAddress.Parse("2001:db8::17");
        Assert.Equal(v6, SourceAddress.AddressOf(SourceAddress.KeyOf(v6)));
        Assert.NotEqual(SourceAddress.KeyOf(v4), SourceAddress.KeyOf(v6));
        Assert.InRange(SourceIpShards.Of(SourceAddress.KeyOf(v6)), 0, SourceIpShards.Count - 1);
    }

    [Fact]
    public void A_blocked_source_counts_nothing_and_its_entry_lives_until_the_block_ends()
    {
        var s = SourceIpEntry.Fresh;
        SourceIpRules.Block(ref s, T0 + 600_000, BlockReason.Manual, Defaults, T0);
        Assert.True(SourceIpRules.HasDurableState(s, T0));
        var before = s;

        var v = SourceIpRules.Admit(ref s, SipRequestKind.Register, Defaults, T0 + 1000, out var durable);
        Assert.Equal(SourceIpDecision.Blocked, v.Decision);
        Assert.False(durable);
        Assert.Equal(before, s);

        Assert.False(SourceIpRules.IsForgotten(s, T0 + 599_999));
        Assert.True(SourceIpRules.IsForgotten(s, T0 + 600_000));
        Assert.Equal(SourceIpEntry.Fresh, SourceIpRules.Current(s, T0 + 600_000));
    }

    [Fact]
    public void Only_blocks_and_auth_failures_are_durable_changes()
    {
        var s = SourceIpEntry.Fresh;
        SourceIpRules.Admit(ref s, SipRequestKind.Invite, Defaults, T0, out var admitDurable);
        Assert.False(admitDurable);
        Assert.False(SourceIpRules.HasDurableState(s, T0));

        SourceIpRules.AuthFailed(ref s, Defaults, T0, out var failureDurable);
        Assert.True(failureDurable);
        Assert.True(SourceIpRules.HasDurableState(s, T0 + 59_999));
        Assert.False(SourceIpRules.HasDurableState(s, T0 + 60_000));
    }

    [Fact]
    public void The_stored_record_restores_block_and_failures_with_full_buckets()
    {
        var s = SourceIpEntry.Fresh;
        for (var i = 0; i < 3; i++)
        {
            SourceIpRules.AuthFailed(ref s, Defaults, T0, out _);
        }

        for (var i = 0; i < 60; i++)
        {
            SourceIpRules.Admit(ref s, SipRequestKind.Other, Defaults with { PikeDensity = 0 }, T0, out _);
        }

        SourceIpRules.Block(ref s, T0 + 3_600_000, BlockReason.Scanner, Defaults, T0);
        var record = SourceIpRecord.Pack(s);
        Assert.Equal(SourceIpRecord.Size, record.Length);
        Assert.True(SourceIpRecord.TryUnpack(record, out var restored));

        var view = SourceIpRules.View(restored, "198.51.100.7", false, Defaults, T0 + 1000);
        Assert.Equal(new SourceIpState("198.51.100.7", false, true, BlockReason.Scanner, SourceIpGrainTests.T0.AddHours(1), 3, 0, 0), view);
        Assert.Equal(-1, restored.AllTokens);
        Assert.True(restored.Stored);
        Assert.False(SourceIpRecord.TryUnpack(record.AsSpan(1), out _));
    }

    [Fact]
    public void An_unused_bucket_starts_full_and_refills_in_millitokens_floored()
    {
        var p = new SourceIpPolicy { AllSip = new(1.5, 2), PikeDensity = 0 };
        var s = SourceIpEntry.Fresh;
        Assert.Equal(SourceIpDecision.Admitted, SourceIpRules.Admit(ref s, SipRequestKind.Other, p, T0, out _).Decision);
        Assert.Equal(SourceIpDecision.Admitted, SourceIpRules.Admit(ref s, SipRequestKind.Other, p, T0, out _).Decision);
        Assert.Equal(SourceIpDecision.Throttled, SourceIpRules.Admit(ref s, SipRequestKind.Other, p, T0 + 666, out _).Decision);
        Assert.Equal(999, s.AllTokens);
        Assert.Equal(SourceIpDecision.Admitted, SourceIpRules.Admit(ref s, SipRequestKind.Other, p, T0 + 667, out _).Decision);
    }
}
