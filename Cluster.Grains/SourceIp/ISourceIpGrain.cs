namespace Cluster.Grains;

/// <summary>
/// One source address as callers see it: per-source token buckets, pike-style flood detection, auth-failure
/// counting and the dynamic blacklist entry. Held by the address's shard grain (<see cref="ISourceShardGrain"/>).
/// </summary>
public interface ISourceIpGrain
{
    /// <summary>Counts one request of <paramref name="kind"/> against the buckets; may block on persistent overflow.</summary>
    Task<SourceIpVerdict> AdmitAsync(SipRequestKind kind, DateTimeOffset now);

    /// <summary>Counts a failed digest authentication; blocks after SS_AUTHENTICATION_MAX_RETRY when SS_AUTHENTICATION_FAILED_SUSPEND is on.</summary>
    Task<SourceIpVerdict> AuthFailedAsync(DateTimeOffset now);

    /// <summary>Puts the source on the blacklist until <paramref name="until"/>.</summary>
    Task<SourceIpVerdict> BlockAsync(DateTimeOffset until, BlockReason reason, DateTimeOffset now);

    /// <summary>Removes the block and forgets failure and flood counters.</summary>
    Task UnblockAsync();

    Task<SourceIpState> GetAsync(DateTimeOffset now);
}
