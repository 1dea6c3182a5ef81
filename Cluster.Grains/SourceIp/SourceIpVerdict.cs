namespace Cluster.Grains;

/// <summary>Verdict of one source-IP turn.</summary>
/// <param name="Decision">What to do with the request.</param>
/// <param name="Reason">Why the source is blocked, when it is.</param>
/// <param name="BlockedUntil">End of the block, when blocked.</param>
/// <param name="AuthFailures">Failed authentications counted in the current window (AuthFailed only).</param>
[GenerateSerializer]
public sealed record SourceIpVerdict(SourceIpDecision Decision, BlockReason Reason, DateTimeOffset? BlockedUntil, int AuthFailures = 0)
{
    public static SourceIpVerdict TrustedSource { get; } = new(SourceIpDecision.Trusted, BlockReason.None, null);

    public bool ShouldProcess => Decision is SourceIpDecision.Admitted or SourceIpDecision.Trusted;
}
