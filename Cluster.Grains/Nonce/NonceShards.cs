using System.IO.Hashing;
using System.Text;

namespace Cluster.Grains;

/// <summary>Which shard grain holds a nonce: a stable hash, the same on every edge and silo.</summary>
public static class NonceShards
{
    /// <summary>Enough shards to spread the turns over a cluster's cores; each holds only live nonces.</summary>
    public const int Count = 64;

    public static long Of(string nonce) => (long)(XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(nonce)) % Count);
}
