using System.Globalization;
using System.Security.Cryptography;
using Cluster.Grains.Hosting;
using Cluster.Grains.Storage;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>
/// Orleans <see cref="IClusterKeyGrain"/>. The key is durable (hash <c>sys:{cluster-key}</c>: current, previous,
/// version, rotated_at; keys base64): a silo's death must not invalidate every nonce in flight. Written before
/// the answer leaves; read once at activation.
/// </summary>
internal sealed class ClusterKeyGrain(GrainStore store, IChangeAnnouncer changes) : Grain, IClusterKeyGrain
{
    /// <summary>The key lives a week without rotation; rotations happen far more often.</summary>
    private static readonly TimeSpan s_lifetime = TimeSpan.FromDays(7);

    private ClusterKeys? _keys;
    private long _rotatedAtMs;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var f = await store.RunAsync(GrainKeys.ClusterKey!, db => db.HashGetAsync(GrainKeys.ClusterKey, ["current", "previous", "version", "rotated_at"]));
        if (!f[0].IsNullOrEmpty)
        {
            _keys = new ClusterKeys(
                Convert.FromBase64String(f[0]!),
                f[1].IsNullOrEmpty ? [] : Convert.FromBase64String(f[1]!),
                (long)f[2]);
            _rotatedAtMs = (long)f[3];
        }
    }

    public async Task<ClusterKeys> GetAsync(DateTimeOffset now)
    {
        if (_keys is null)
        {
            // First use anywhere: whichever process asks first starts the cluster's key.
            await WriteAsync(new ClusterKeys(NewKey(), [], 1), now);
        }

        return _keys!;
    }

    public async Task<ClusterKeys> RotateAsync(DateTimeOffset now, TimeSpan minInterval)
    {
        var current = await GetAsync(now);
        if (now.ToUnixTimeMilliseconds() - _rotatedAtMs < (long)minInterval.TotalMilliseconds)
        {
            return current;
        }

        var rotated = new ClusterKeys(NewKey(), current.Current, current.Version + 1);
        await WriteAsync(rotated, now);
        await changes.AnnounceAsync("cluster-key " + rotated.Version.ToString(CultureInfo.InvariantCulture));
        return rotated;
    }

    private async Task WriteAsync(ClusterKeys keys, DateTimeOffset now)
    {
        var at = now.ToUnixTimeMilliseconds();
        await store.RunAsync(GrainKeys.ClusterKey!, async db =>
        {
            var t = db.CreateTransaction();
            _ = t.HashSetAsync(GrainKeys.ClusterKey,
            [
                new("current", Convert.ToBase64String(keys.Current)),
                new("previous", keys.Previous.Length == 0 ? string.Empty : Convert.ToBase64String(keys.Previous)),
                new("version", keys.Version),
                new("rotated_at", at),
            ]);
            _ = t.KeyExpireAsync(GrainKeys.ClusterKey, s_lifetime);
            await t.ExecuteAsync();
        });
        _keys = keys;
        _rotatedAtMs = at;
    }

    private static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);
}
