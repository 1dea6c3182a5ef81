namespace Cluster.Grains.Memory;

/// <summary>What the trimmer reads of the GC every interval: full collections so far, bytes allocated so far, committed now.</summary>
public readonly record struct HeapSample(int FullCollections, long AllocatedBytes, long CommittedBytes)
{
    public static HeapSample Now() =>
        new(GC.CollectionCount(GC.MaxGeneration), GC.GetTotalAllocatedBytes(), GC.GetGCMemoryInfo().TotalCommittedBytes);
}
