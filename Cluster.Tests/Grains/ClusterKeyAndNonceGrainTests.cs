using Cluster.Grains;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Grains;

public sealed class ClusterKeyAndNonceGrainTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly RedisServer _redis = new();
    private readonly RedisGrainFactory _grains;

    public ClusterKeyAndNonceGrainTests() => _grains = RedisGrainFactory.Connect(_redis.Configuration);

    [Fact]
    public async Task The_first_get_creates_the_key_and_every_process_then_sees_the_same_one()
    {
        var first = await _grains.GetClusterKeyGrain().GetAsync(T0);
        using var other = RedisGrainFactory.Connect(_redis.Configuration);
        var second = await other.GetClusterKeyGrain().GetAsync(T0.AddSeconds(1));

        Assert.Equal(32, first.Current.Length);
        Assert.Empty(first.Previous);
        Assert.Equal(first.Current, second.Current);
        Assert.Equal(1, second.Version);
    }

    [Fact]
    public async Task Rotation_keeps_the_previous_key_and_happens_at_most_once_per_interval()
    {
        var grain = _grains.GetClusterKeyGrain();
        var original = await grain.GetAsync(T0);

        var tooSoon = await grain.RotateAsync(T0.AddMinutes(30), TimeSpan.FromHours(1));
        var rotated = await grain.RotateAsync(T0.AddMinutes(61), TimeSpan.FromHours(1));
        var again = await grain.RotateAsync(T0.AddMinutes(62), TimeSpan.FromHours(1));

        Assert.Equal(original.Current, tooSoon.Current);
        Assert.NotEqual(original.Current, rotated.Current);
        Assert.Equal(original.Current, rotated.Previous);
        Assert.Equal(2, rotated.Version);
        Assert.Equal(rotated.Current, again.Current);
        Assert.Equal(2, again.Version);
    }

    [Fact]
    public async Task A_nonce_count_is_accepted_only_when_higher_than_any_seen()
    {
        var nonce = _grains.GetNonceGrain("AAABoggdSWn7K11dMRZ1s7z7HH_OREpu-E7CwFgPXrY");

        Assert.True(await nonce.AcceptCountAsync(1, TimeSpan.FromMinutes(5)));
        Assert.False(await nonce.AcceptCountAsync(1, TimeSpan.FromMinutes(5)));
        Assert.True(await nonce.AcceptCountAsync(2, TimeSpan.FromMinutes(5)));
        Assert.False(await nonce.AcceptCountAsync(1, TimeSpan.FromMinutes(5)));
        Assert.True(await _grains.GetNonceGrain("another").AcceptCountAsync(1, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task The_register_turn_spends_the_nonce_count_so_a_replay_on_any_edge_is_refused()
    {
        var endpoint = _grains.GetEndpointGrain("replay-1");
        RegisterRequest Request(long cseq, long nc) =>
            new("sip:replay-1@198.51.100.9:5060", "udp:198.51.100.9:5060", TimeSpan.FromHours(1), "call-1", cseq) { Nonce = "nonce-a", NonceCount = nc };

        Assert.Equal(RegisterOutcome.Registered, (await endpoint.RegisterAsync(Request(1, 1), T0)).Outcome);
        Assert.Equal(RegisterOutcome.Replayed, (await endpoint.RegisterAsync(Request(2, 1), T0.AddSeconds(1))).Outcome);
        Assert.Equal(RegisterOutcome.Registered, (await endpoint.RegisterAsync(Request(3, 2), T0.AddSeconds(2))).Outcome);
        Assert.Equal(RegisterOutcome.Registered, (await endpoint.RegisterAsync(Request(4, 1) with { Nonce = "nonce-b" }, T0.AddSeconds(3))).Outcome);
    }

    public void Dispose()
    {
        _grains.Dispose();
        _redis.Dispose();
    }
}
