using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Tests.Grains;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Silo;

public sealed class SiloWithoutRedisTests
{
    [Fact]
    public async Task A_silo_started_before_redis_says_it_waits_then_joins_and_serves_once_redis_is_up()
    {
        using var redis = new RedisServer();
        redis.Stop();
        using var silo = SiloProcess.Launch(
            "--config", ProvisioningTests.RepoFile("bench/bench.yaml"), "--redis", redis.Configuration, "--sweep-interval-s", "1");

        // Redis holds the membership table: the silo cannot join without it, and says what it waits for.
        await silo.WaitForOutputLineAsync(l => l.Contains("waiting for Redis at " + redis.Configuration, StringComparison.Ordinal),
            "the silo to say it waits for Redis", timeout: TimeSpan.FromSeconds(30));

        redis.Start();
        await silo.WaitReadyAsync(TimeSpan.FromSeconds(60));
        await RedisKeyWatch.UntilAsync(
            redis, "sys:{params}", () => redis.Command("EXISTS", "sys:{params}").Trim() == ":1",
            TimeSpan.FromSeconds(20), "the silo to write provisioning once Redis was up");

        using var http = new HttpClient { BaseAddress = silo.Admin, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Contains("reply_unauthorized", redis.Command("HKEYS", "sys:{params}"));
        var vendorA = await http.GetFromJsonAsync<JsonElement>("/api/gateways/vendorA");
        Assert.Equal(0, vendorA.GetProperty("live").GetProperty("linesInUse").GetInt32());
    }
}
