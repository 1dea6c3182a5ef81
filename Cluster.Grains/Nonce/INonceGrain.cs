namespace Cluster.Grains;

/// <summary>
/// Replay protection for one digest nonce in use: the highest nonce-count seen, on any edge, so a captured
/// Authorization cannot be replayed anywhere in the cluster. A view onto the nonce's shard grain
/// (<see cref="INonceShardGrain"/>): nonces are many and short-lived, an activation each would cost ~2 KB.
/// </summary>
public interface INonceGrain
{
    /// <summary>True when <paramref name="nonceCount"/> is higher than any seen before; then it is recorded.</summary>
    Task<bool> AcceptCountAsync(long nonceCount, TimeSpan remember);
}
