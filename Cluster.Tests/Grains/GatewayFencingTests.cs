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
        Assert.True(await old.GrantAsync(oldEpoch, "before", 1000, 0));

        var current = new GatewayStore(redisStore, name);
        var epoch = await current.TakeEpochAsync();
        var book = new GatewayBook();
        await current.LoadAsync(book);
        Assert.True(book.TryGetLease("before", out _));

        Assert.False(await old.GrantAsync(oldEpoch, "stale", 1000, 0));
        var call = AnsweredCallGrainTests.Call("before", name, DateTimeOffset.UnixEpoch);
        Assert.False(await old.AnswerAsync(oldEpoch, call, 5000, 4000, 0, 0));
        Assert.True(await current.GrantAsync(epoch, "fresh", 1000, 0));

        await current.LoadAsync(book);
        Assert.Equal(2, book.LeaseCount);
        Assert.False(book.TryGetLease("stale", out _));
        Assert.Equal(0, book.AnsweredCount);
    }
}
