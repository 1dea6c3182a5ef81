using Cluster.Grains.Connection;

namespace Cluster.Grains;

/// <summary><see cref="INonceGrain"/> over its shard grain; the clock is the caller's process clock.</summary>
internal sealed class ShardedNonce(GrainReferences references, string nonce, TimeProvider time) : INonceGrain
{
    public Task<bool> AcceptCountAsync(long nonceCount, TimeSpan remember) =>
        references.NonceShard(NonceShards.Of(nonce)).AcceptCountAsync(nonce, nonceCount, remember, time.GetUtcNow());
}
