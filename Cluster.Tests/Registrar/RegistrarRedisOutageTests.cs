using Cluster.Tests.EndToEnd;

namespace Cluster.Tests.Registrar;

/// <summary>Redis going away and coming back, under two running edges (its own cluster: it stops Redis).</summary>
public sealed class RegistrarRedisOutageTests(RegistrarCluster cluster) : IClassFixture<RegistrarCluster>
{
    [Fact]
    public async Task Redis_down_gives_503_and_redis_back_gives_200_without_restarting_the_edge_and_loses_no_binding()
    {
        // 127.0.0.1 is trusted in bench.yaml: the retries below are about Redis, not rate limits.
        using var phone = new Phone("127.0.0.1");
        Assert.Equal(200, SipText.StatusCode((await phone.RegisterAsync(cluster.First.Udp, "7000", "secret"))!));

        int[] logged = [.. cluster.Edges.Select(e => e.StderrLineCount)];
        cluster.Redis.Stop();
        var during = await phone.RegisterAsync(cluster.Second.Udp, "7001", "secret");
        Assert.Equal(503, SipText.StatusCode(during!));
        Assert.NotNull(SipText.Header(during!, "Retry-After"));

        cluster.Redis.Start();

        // A phone retries after Retry-After; the test awaits instead the moment each edge says it reconnected by itself.
        await Task.WhenAll(cluster.Edges.Select((edge, i) => edge.WaitForStderrLineAsync(
            line => line.Contains("Redis connection restored", StringComparison.Ordinal), "'Redis connection restored'", logged[i])));
        var after = await phone.RegisterAsync(cluster.Second.Udp, "7001", "secret");
        Assert.Equal(200, SipText.StatusCode(after!));

        // The binding made before the outage survived the Redis restart (AOF).
        Assert.Equal(":1\r\n", cluster.Redis.Command("HEXISTS", Cluster.Grains.EndpointShards.Key(Cluster.Grains.EndpointShards.Of("7000")), "7000"));
    }
}
