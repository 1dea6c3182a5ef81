namespace Cluster.Grains;

/// <summary>
/// The rules in force on this silo, for the grains it hosts: provisioning builds a new
/// <see cref="GrainPolicy"/> and swaps it in, and every grain reads it at the start of a turn, so a
/// change applies from the next call without reactivating anything.
/// </summary>
public sealed class GrainPolicySource
{
    private GrainPolicy _policy;

    public GrainPolicySource(GrainPolicy? policy = null) => _policy = policy ?? GrainPolicy.Defaults;

    public GrainPolicy Current
    {
        get => Volatile.Read(ref _policy);
        set => Volatile.Write(ref _policy, value ?? throw new ArgumentNullException(nameof(value)));
    }
}
