using StackExchange.Redis;

namespace Cluster.Grains.Hosting;

/// <summary>Reads the flat arrays that Lua turns return.</summary>
internal static class RedisResults
{
    public static RedisResult[] Array(RedisResult result) => (RedisResult[])result! ?? [];

    public static long Long(RedisResult[] items, int index) =>
        index < items.Length && !items[index].IsNull ? (long)items[index] : 0;

    public static string Text(RedisResult[] items, int index) =>
        index < items.Length && !items[index].IsNull ? (string)items[index]! : string.Empty;

    public static DateTimeOffset? Time(RedisResult[] items, int index)
    {
        var ms = Long(items, index);
        return ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }
}
