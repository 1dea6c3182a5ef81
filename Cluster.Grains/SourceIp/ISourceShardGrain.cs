using Orleans.Concurrency;

namespace Cluster.Grains;

/// <summary>
/// The source addresses that hash to one shard (<see cref="SourceIpShards"/>), each a compact entry in one table:
/// an activation per source would cost ~2 KB, and a botnet has 100k of them. Callers use <see cref="ISourceIpGrain"/>
/// (<see cref="ShardedSourceIp"/>); admin views ask every shard. Rules in <see cref="SourceIpRules"/>; limits from
/// the silo's <see cref="GrainPolicySource"/>. Blocks and auth-failure counts are written to Redis before the answer.
/// </summary>
public interface ISourceShardGrain : IGrainWithIntegerKey
{
    Task<SourceIpVerdict> AdmitAsync(UInt128 address, SipRequestKind kind, DateTimeOffset now);

    Task<SourceIpVerdict> AuthFailedAsync(UInt128 address, DateTimeOffset now);

    Task<SourceIpVerdict> BlockAsync(UInt128 address, DateTimeOffset until, BlockReason reason, DateTimeOffset now);

    /// <summary>Forgets the block and what led to it, announces <c>unblock ip ADDR</c>; true when it was blocked.</summary>
    Task<bool> UnblockAsync(UInt128 address, DateTimeOffset now);

    [ReadOnly]
    Task<SourceIpState> GetAsync(UInt128 address, DateTimeOffset now);

    /// <summary>This shard's top <paramref name="count"/> sources for <c>ip top</c>; sweeps forgotten entries first.</summary>
    Task<SourceIpTop> TopAsync(int count, DateTimeOffset now);

    /// <summary>Tracked and blocked sources of this shard; sweeps forgotten entries first.</summary>
    Task<SourceIpCensus> CensusAsync(DateTimeOffset now);
}
