using System.Security.Cryptography;
using Cluster.Grains.Hosting;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>Redis-hosted <see cref="IClusterKeyGrain"/>.</summary>
internal sealed class ClusterKeyGrain(GrainHostClient host) : IClusterKeyGrain
{
    /// <summary>The key lives a week without rotation; rotations happen far more often.</summary>
    private static readonly TimeSpan s_lifetime = TimeSpan.FromDays(7);

    private static readonly RedisKey[] s_keys = [GrainKeys.ClusterKey];

    public Task<ClusterKeys> GetAsync(DateTimeOffset now) => RunAsync("get", now, TimeSpan.Zero);

    public Task<ClusterKeys> RotateAsync(DateTimeOffset now, TimeSpan minInterval) => RunAsync("rotate", now, minInterval);

    private async Task<ClusterKeys> RunAsync(string op, DateTimeOffset now, TimeSpan minInterval)
    {
        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var r = RedisResults.Array(await host.RunAsync(GrainScripts.ClusterKey, s_keys,
        [
            op, now.ToUnixTimeMilliseconds(), candidate, (long)minInterval.TotalMilliseconds,
            (long)s_lifetime.TotalMilliseconds, GrainKeys.ChangesChannel,
        ]).ConfigureAwait(false));
        var previous = RedisResults.Text(r, 1);
        return new ClusterKeys(
            Convert.FromBase64String(RedisResults.Text(r, 0)),
            previous.Length == 0 ? [] : Convert.FromBase64String(previous),
            RedisResults.Long(r, 2));
    }
}
