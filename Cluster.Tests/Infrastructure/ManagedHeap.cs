namespace Cluster.Tests.Infrastructure;

/// <summary>The GC heap after full, compacting collections: what a memory test compares before and after.</summary>
internal static class ManagedHeap
{
    public static long Settled()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
