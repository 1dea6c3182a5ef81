namespace Cluster.Grains;

/// <summary>A token bucket: <paramref name="RatePerSecond"/> tokens refill per second up to <paramref name="Burst"/>. A rate of 0 disables the bucket.</summary>
public readonly record struct TokenBucketSpec(double RatePerSecond, int Burst)
{
    public bool Enabled => RatePerSecond > 0 && Burst > 0;
}
