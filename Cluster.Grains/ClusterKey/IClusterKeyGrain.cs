namespace Cluster.Grains;

/// <summary>
/// The one cluster key grain (<c>sys:{cluster-key}</c>): the HMAC key behind digest nonces, so that
/// any edge can verify a nonce any other edge issued. Rotated by the silo; the previous key stays valid.
/// </summary>
public interface IClusterKeyGrain : IGrainWithStringKey
{
    /// <summary>The grain's one key.</summary>
    public const string Key = "cluster";

    /// <summary>The keys; created on first use (so not read-only: two first calls must not both create one).</summary>
    Task<ClusterKeys> GetAsync(DateTimeOffset now);

    /// <summary>Makes a new current key unless the last rotation is younger than <paramref name="minInterval"/>.</summary>
    Task<ClusterKeys> RotateAsync(DateTimeOffset now, TimeSpan minInterval);
}
