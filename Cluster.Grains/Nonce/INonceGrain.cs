namespace Cluster.Grains;

/// <summary>
/// One grain per digest nonce in use (<c>nc:{nonce}</c>): the highest nonce-count seen, on any edge,
/// so a captured Authorization cannot be replayed anywhere in the cluster.
/// </summary>
public interface INonceGrain
{
    /// <summary>True when <paramref name="nonceCount"/> is higher than any seen before; then it is recorded.</summary>
    Task<bool> AcceptCountAsync(long nonceCount, TimeSpan remember);
}
