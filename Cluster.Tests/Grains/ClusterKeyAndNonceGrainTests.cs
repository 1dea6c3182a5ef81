using Cluster.Grains;
using Cluster.Tests.Infrastructure.Silos;

namespace Cluster.Tests.Grains;

/// <summary>The cluster key and nonce grains on a two-silo Orleans cluster with Redis membership and storage.</summary>
public sealed class ClusterKeyAndNonceGrainTests(OrleansCluster cluster) : IClassFixture<OrleansCluster>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_first_get_creates_the_key_stores_it_and_every_caller_sees_the_same_one()
    {
        var first = await cluster.Grains.GetClusterKeyGrain().GetAsync(T0);
        var second = await cluster.Grains.GetClusterKeyGrain().GetAsync(T0.AddSeconds(1));

        Assert.Equal(32, first.Current.Length);
        Assert.Equal(first.Current, second.Current);
        Assert.Equal(Convert.ToBase64String(first.Current), cluster.Redis.Command("HGET", "sys:{cluster-key}", "current").Split('\n')[1].Trim());
    }

    [Fact]
    public async Task Rotation_keeps_the_previous_key_happens_at_most_once_per_interval_and_survives_reactivation()
    {
        var grain = cluster.Grains.GetClusterKeyGrain();
        var original = await grain.GetAsync(T0);

        var tooSoon = await grain.RotateAsync(T0.AddMinutes(30), TimeSpan.FromHours(1));
        var rotated = await grain.RotateAsync(T0.AddMinutes(61), TimeSpan.FromHours(1));
        var again = await grain.RotateAsync(T0.AddMinutes(62), TimeSpan.FromHours(1));

        Assert.Equal(original.Current, tooSoon.Current);
        Assert.NotEqual(original.Current, rotated.Current);
        Assert.Equal(original.Current, rotated.Previous);
        Assert.Equal(original.Version + 1, rotated.Version);
        Assert.Equal(rotated.Current, again.Current);

        // a new activation (as after its silo died) reads the stored key, not a new one
        await cluster.Orleans.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var reread = await grain.GetAsync(T0.AddMinutes(63));
        Assert.Equal(rotated.Current, reread.Current);
        Assert.Equal(rotated.Previous, reread.Previous);
        Assert.Equal(rotated.Version, reread.Version);
    }

    [Fact]
    public async Task A_nonce_count_is_accepted_only_when_higher_than_any_seen()
    {
        var nonce = cluster.Grains.GetNonceGrain("AAABoggdSWn7K11dMRZ1s7z7HH_OREpu-E7CwFgPXrY");

        Assert.True(await nonce.AcceptCountAsync(1, TimeSpan.FromMinutes(5)));
        Assert.False(await nonce.AcceptCountAsync(1, TimeSpan.FromMinutes(5)));
        Assert.True(await nonce.AcceptCountAsync(2, TimeSpan.FromMinutes(5)));
        Assert.False(await nonce.AcceptCountAsync(1, TimeSpan.FromMinutes(5)));
        Assert.True(await cluster.Grains.GetNonceGrain("another").AcceptCountAsync(1, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_spent_nonce_is_forgotten_after_its_memory_so_the_table_stays_small()
    {
        var shard = cluster.Orleans.GetGrain<INonceShardGrain>(NonceShards.Of("short-lived"));

        Assert.True(await shard.AcceptCountAsync("short-lived", 5, TimeSpan.FromSeconds(1), T0));
        Assert.False(await shard.AcceptCountAsync("short-lived", 5, TimeSpan.FromSeconds(1), T0.AddMilliseconds(500)));
        Assert.True(await shard.AcceptCountAsync("short-lived", 1, TimeSpan.FromSeconds(1), T0.AddSeconds(11)));
    }
}
