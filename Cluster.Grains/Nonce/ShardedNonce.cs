using Cluster.Grains.Connection;

namespace Cluster.Grains;

/// <summary><see cref="INonceGrain"/> over its shard grain; the clock is the caller's process clock.</summary>
internal sealed class ShardedNonce(IGrainFactory orleans, string nonce, TimeProvider time) : INonceGrain
{
    public Task<bool> AcceptCountAsync(long nonceCount, TimeSpan remember) =>
        GrainRefs.Resolve(() => orleans.GetGrain<INonceShardGrain>(NonceShards.Of(nonce))).AcceptCountAsync(nonce, nonceCount, remember, time.GetUtcNow());
}
