namespace Cluster.Grains;

/// <summary>Online state after a probe result.</summary>
/// <param name="Online">The gateway is considered online.</param>
/// <param name="Changed">This probe flipped the state (log it, tell the admin).</param>
[GenerateSerializer]
[Alias("gateway.probe-verdict")]
public sealed record ProbeVerdict(bool Online, bool Changed, int ConsecutiveFailures, int ConsecutiveSuccesses);
