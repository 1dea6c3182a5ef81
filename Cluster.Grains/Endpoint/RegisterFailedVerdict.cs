namespace Cluster.Grains;

/// <summary>Verdict of a RegisterFailed turn.</summary>
/// <param name="ConsecutiveFailures">Failures since the last success (0 once a suspension starts).</param>
/// <param name="Suspended">The endpoint is suspended now.</param>
/// <param name="NewlySuspended">This failure started the suspension (tell the admin).</param>
/// <param name="SuspendedUntil">End of the suspension.</param>
[GenerateSerializer, Immutable, Alias("ep.RegisterFailedVerdict")]
public sealed record RegisterFailedVerdict(int ConsecutiveFailures, bool Suspended, bool NewlySuspended, DateTimeOffset? SuspendedUntil);
