namespace Cluster.Grains.Memory;

/// <summary>
/// When a process (silo or edge) gives memory back after a burst (a flood, an activation storm): the GC keeps what it grew to until a
/// full collection runs, and a silo that went quiet allocates too little to trigger one, so its RSS stayed up after
/// the flood. Trim when, over one interval, no full collection ran, little was allocated (the silo is quiet: the
/// collection's pause hurts nobody) and the heap holds at least <see cref="MinExcessBytes"/> more than the least it
/// held since start (or since the last trim). Pure: samples in, yes or no out.
/// </summary>
public sealed record HeapTrimRule
{
    /// <summary>How much above its low mark the committed heap must be: smaller growth is not worth a pause.</summary>
    public long MinExcessBytes { get; init; } = 64L << 20;

    /// <summary>At most this much allocated in the interval, or the silo is busy and its own collections will come.</summary>
    public long QuietAllocatedBytes { get; init; } = 32L << 20;

    public bool ShouldTrim(HeapSample before, HeapSample now, long lowMarkCommittedBytes) =>
        now.FullCollections == before.FullCollections
        && now.AllocatedBytes - before.AllocatedBytes <= QuietAllocatedBytes
        && now.CommittedBytes - lowMarkCommittedBytes >= MinExcessBytes;
}
