namespace Cluster.Grains.Connection;

/// <summary>
/// Outgoing call filter of every edge (and the silo's own admin calls): a grain call that no silo answers —
/// none connected, the silo died, the deadline (<c>ResponseTimeout</c>) passed — surfaces as
/// <see cref="GrainUnavailableException"/>, the one failure the SIP code handles (503), never as an Orleans type.
/// </summary>
public sealed class GrainCallDeadline : IOutgoingGrainCallFilter
{
    private long _calls;
    private long _failures;

    public long Calls => Interlocked.Read(ref _calls);

    public long Failures => Interlocked.Read(ref _failures);

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        Interlocked.Increment(ref _calls);
        try
        {
            await context.Invoke().ConfigureAwait(false);
        }
        catch (GrainUnavailableException)
        {
            Interlocked.Increment(ref _failures);
            throw;
        }
        catch (Exception e) when (TransportFailures.IsUnavailable(e))
        {
            Interlocked.Increment(ref _failures);
            throw new GrainUnavailableException(context.TargetId.ToString(), e.GetType().Name + ": " + e.Message, e);
        }
    }
}
