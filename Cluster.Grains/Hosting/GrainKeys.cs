using StackExchange.Redis;

namespace Cluster.Grains.Hosting;

/// <summary>
/// Key names. The <c>{…}</c> hash tag puts every key of one grain in one Redis Cluster slot,
/// so a multi-key turn (gateway hash + its lease set) still runs on a single shard.
/// </summary>
internal static class GrainKeys
{
    /// <summary>Durable part of the source IP entries of one shard (hash: 16-byte address key → packed record).</summary>
    public static string SourceShard(long shard) => $"ip:{{shard-{shard}}}";

    public static RedisKey Gateway(string name) => $"gw:{{{name}}}";

    public static RedisKey GatewayLines(string name) => $"gw:{{{name}}}:lines";


    /// <summary>Answered calls by when they reach their maximum duration.</summary>
    public static RedisKey GatewayDueCalls(string name) => $"gw:{{{name}}}:due";

    /// <summary>Answered calls' dialog records, by Call-ID.</summary>
    public static RedisKey GatewayCalls(string name) => $"gw:{{{name}}}:calls";

    public static RedisKey SystemParameters => "sys:{params}";

    // same hash tag as the parameters: one turn writes both, which Redis Cluster allows only within a slot
    public static RedisKey Provisioning => "sys:{params}:provisioning";

    public static RedisKey ClusterKey => "sys:{cluster-key}";


}
