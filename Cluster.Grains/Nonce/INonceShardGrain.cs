namespace Cluster.Grains;

/// <summary>
/// Spent nonce-counts of the nonces that hash to one shard (<see cref="NonceShards"/>). In memory only: a silo's
/// death forgets them, so for at most one nonce lifetime (300 s) a captured Authorization of a query or
/// remove-all REGISTER could be replayed once; registrations spend theirs in the endpoint grain.
/// </summary>
public interface INonceShardGrain : IGrainWithIntegerKey
{
    Task<bool> AcceptCountAsync(string nonce, long nonceCount, TimeSpan remember, DateTimeOffset now);
}
