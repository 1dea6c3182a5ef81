using Cluster.Grains;
using Cluster.Grains.Storage;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Grains;

/// <summary>
/// The gateway's fenced storage on a real redis-server: once a newer activation took the epoch, an older one can
/// neither grant a line nor record an answer, and what it did before is what the newer one reads back.
/// </summary>
public sealed class GatewayFencingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_superseded_activation_cannot_grant_a_line()
    {
        using var redisStore = GrainStore.Connect(redis.Configuration, "test");
        var name = GatewayGrainTests.FreshName("fence");
        var old = new GatewayStore(redisStore, name);
        var oldEpoch = await old.TakeEpochAsync();
        Assert.True(await old.ApplyAsync(oldEpoch, [GatewayStore.Grant("before", 1000, 0)]));

        var current = new GatewayStore(redisStore, name);
        var epoch = await current.TakeEpochAsync();
        var book = new GatewayBook();
        await current.LoadAsync(book);
        Assert.True(book.TryGetLease("before", out _));

        Assert.False(await old.ApplyAsync(oldEpoch, [GatewayStore.Grant("stale", 1000, 0)]));
        var call = AnsweredCallGrainTests.Call("before", name, DateTimeOffset.UnixEpoch);
        Assert.False(await old.ApplyAsync(oldEpoch, [GatewayStore.Answer(call, 5000, 4000, 0, 0)]));
        Assert.True(await current.ApplyAsync(epoch, [GatewayStore.Grant("fresh", 1000, 0)]));

        await current.LoadAsync(book);
        Assert.Equal(2, book.LeaseCount);
        Assert.False(book.TryGetLease("stale", out _));
        Assert.Equal(0, book.AnsweredCount);
    }

    [Fact]
    public async Task In_a_batch_of_a_superseded_activation_releases_still_apply_and_grants_do_not()
    {
        using var redisStore = GrainStore.Connect(redis.Configuration, "test");
        var name = GatewayGrainTests.FreshName("fence");
        var old = new GatewayStore(redisStore, name);
        var oldEpoch = await old.TakeEpochAsync();
        Assert.True(await old.ApplyAsync(oldEpoch, [GatewayStore.Grant("a", 1000, 0), GatewayStore.Grant("b", 1000, 0)]));

        var current = new GatewayStore(redisStore, name);
        await current.TakeEpochAsync();
        var batch = new[] { GatewayStore.Release("a", answered: false), GatewayStore.Grant("stale", 1000, 0) };
        Assert.False(await old.ApplyAsync(oldEpoch, batch));

        var book = new GatewayBook();
        await current.LoadAsync(book);
        Assert.Equal(["b"], new[] { "a", "b", "stale" }.Where(c => book.TryGetLease(c, out _)));
    }
}
