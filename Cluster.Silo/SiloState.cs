using Cluster.Grains.Provisioning;

namespace Cluster.Silo;

/// <summary>What the silo's parts share: the provisioning in force and counters for /metrics.</summary>
internal sealed class SiloState(ProvisioningDocument provisioning)
{
    private ProvisioningDocument _provisioning = provisioning;
    private long _reminderRuns;
    private long _hangups;
    private long _provisioningVersion;

    /// <summary>The provisioning in force: the file's, with the changes made through <c>params set</c>.</summary>
    public ProvisioningDocument Provisioning
    {
        get => Volatile.Read(ref _provisioning);
        set => Volatile.Write(ref _provisioning, value);
    }

    /// <summary>Latency of the grain calls this silo makes (lease sweep, census, metrics, admin API).</summary>
    public LatencyHistogram GrainLatency { get; } = new();

    /// <summary>Serializes provisioning changes made through the admin API (read, change, write back).</summary>
    public SemaphoreSlim ProvisioningGate { get; } = new(1, 1);

    public long ReminderRuns => Interlocked.Read(ref _reminderRuns);

    /// <summary>Version written to Redis; 0 until the first write succeeded.</summary>
    public long ProvisioningVersion
    {
        get => Interlocked.Read(ref _provisioningVersion);
        set => Interlocked.Exchange(ref _provisioningVersion, value);
    }

    /// <summary>Calls this silo ended at their maximum duration.</summary>
    public long Hangups => Interlocked.Read(ref _hangups);

    public void CountHangup() => Interlocked.Increment(ref _hangups);

    public void CountTick() => Interlocked.Increment(ref _reminderRuns);
}
