using Cluster.Grains.Memory;

namespace Cluster.Tests.Grains;

public sealed class HeapTrimRuleTests
{
    private const long MiB = 1 << 20;
    private static readonly HeapTrimRule Rule = new();

    [Fact]
    public void A_quiet_silo_whose_heap_grew_past_its_low_mark_is_trimmed()
    {
        var before = new HeapSample(FullCollections: 7, AllocatedBytes: 5_000 * MiB, CommittedBytes: 300 * MiB);
        var now = before with { AllocatedBytes = before.AllocatedBytes + 2 * MiB };
        Assert.True(Rule.ShouldTrim(before, now, lowMarkCommittedBytes: 200 * MiB));
    }

    [Fact]
    public void A_busy_silo_a_full_collection_or_a_small_growth_is_left_alone()
    {
        var before = new HeapSample(7, 5_000 * MiB, 300 * MiB);
        Assert.False(Rule.ShouldTrim(before, before with { AllocatedBytes = before.AllocatedBytes + 100 * MiB }, 200 * MiB), "busy: its own collections will come");
        Assert.False(Rule.ShouldTrim(before, before with { FullCollections = 8 }, 200 * MiB), "a full collection just ran");
        Assert.False(Rule.ShouldTrim(before, before, 250 * MiB), "50 MiB over the low mark is not worth a pause");
    }
}
