using System.IO.Hashing;
using System.Text;

namespace Cluster.Grains;

/// <summary>
/// Which shard grain holds an account: a stable hash of the user, the same on every edge and silo. An activation
/// per account would cost ~1.9 KB before any binding; a shard holds a thousandth of the accounts as compact entries.
/// </summary>
public static class EndpointShards
{
    /// <summary>
    /// Enough shards that turns spread over a cluster's cores and one shard's load at activation stays small
    /// (1,000 accounts per shard at a million accounts), few enough that a census fan-out is cheap.
    /// </summary>
    public const int Count = 1024;

    public static long Of(string user) => (long)(XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(user)) % Count);

    /// <summary>The shard's Redis hash: field = user, value = <see cref="EndpointEntryCodec"/> bytes.</summary>
    public static string Key(long shard) => $"eps:{{{shard}}}";
}
