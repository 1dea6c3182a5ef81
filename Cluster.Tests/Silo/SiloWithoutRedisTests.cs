using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Tests.Grains;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Silo;

public sealed class SiloWithoutRedisTests
{
    [Fact]
    public async Task The_silo_starts_without_redis_serves_provisioning_and_catches_up_when_redis_arrives()
    {
        using var redis = new RedisServer();
        redis.Stop();
        using var silo = await SiloProcess.StartAsync(
            "--config", ProvisioningTests.RepoFile("bench/bench.yaml"), "--redis", redis.Configuration, "--sweep-interval-s", "1");
        using var http = new HttpClient { BaseAddress = silo.Admin, Timeout = TimeSpan.FromSeconds(10) };

        var gateways = await http.GetFromJsonAsync<JsonElement[]>("/api/gateways");
        Assert.Equal(6, gateways!.Length);
        Assert.False(gateways[0].TryGetProperty("live", out _));
        Assert.Contains("unavailable", gateways[0].GetProperty("liveError").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/api/ips/198.51.100.1")).StatusCode);
        Assert.Contains("silo_redis_connected 0", await http.GetStringAsync("/metrics"));

        redis.Start();
        await RedisKeyWatch.UntilAsync(
            redis, "sys:{params}", () => redis.Command("EXISTS", "sys:{params}").Trim() == ":1",
            TimeSpan.FromSeconds(20), "the silo to write provisioning once Redis was up");

        Assert.Contains("reply_unauthorized", redis.Command("HKEYS", "sys:{params}"));
        var vendorA = await http.GetFromJsonAsync<JsonElement>("/api/gateways/vendorA");
        Assert.Equal(0, vendorA.GetProperty("live").GetProperty("linesInUse").GetInt32());
    }
}
