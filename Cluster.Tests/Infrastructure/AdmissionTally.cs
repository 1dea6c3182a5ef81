using System.Collections.Concurrent;
using Cluster.Grains;

namespace Cluster.Tests.Infrastructure;

/// <summary>
/// Admits calls on a gateway grain while a silo is killed and counts what each got: a line, a refusal, or a call that
/// failed in flight to the killed silo (an edge answers 503; the lease may or may not have been written).
/// </summary>
internal sealed class AdmissionTally
{
    private int _refused;
    private int _failed;

    public ConcurrentBag<string> Granted { get; } = [];

    public int Refused => Volatile.Read(ref _refused);

    public int Failed => Volatile.Read(ref _failed);

    public int Total => Granted.Count + Refused + Failed;

    public async Task AdmitAsync(IGatewayGrain gateway, string callId, DateTimeOffset now)
    {
        try
        {
            if ((await gateway.AdmitAsync(callId, now)).Decision == GatewayAdmission.Admitted)
            {
                Granted.Add(callId);
            }
            else
            {
                Interlocked.Increment(ref _refused);
            }
        }
        catch (GrainUnavailableException)
        {
            Interlocked.Increment(ref _failed);
        }
    }
}
