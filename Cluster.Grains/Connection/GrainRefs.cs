namespace Cluster.Grains.Connection;

/// <summary>
/// Resolves a grain reference. A client that has not yet heard from any silo does not know which grain classes the
/// cluster has, and Orleans says so with an <see cref="ArgumentException"/> ("Could not find an implementation"):
/// for the SIP side that is the same as no silo answering, so it becomes <see cref="GrainUnavailableException"/> (503).
/// </summary>
public static class GrainRefs
{
    public static T Resolve<T>(Func<T> getGrain)
    {
        try
        {
            return getGrain();
        }
        catch (ArgumentException e) when (e.Message.StartsWith("Could not find an implementation", StringComparison.Ordinal))
        {
            throw new GrainUnavailableException(typeof(T).Name, "no silo has announced this grain yet (none reached)", e);
        }
    }
}
