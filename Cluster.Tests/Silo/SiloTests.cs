using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Grains;
using Cluster.Tests.Grains;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Infrastructure.Silos;

namespace Cluster.Tests.Silo;

/// <summary>One Redis and one silo process (on bench/bench.yaml) for the class.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public RedisServer Redis { get; } = new();

    public SiloProcess Silo { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(
            "--config", ProvisioningTests.RepoFile("bench/bench.yaml"), "--redis", Redis.Configuration, "--sweep-interval-s", "1");
        Http = new HttpClient { BaseAddress = Silo.Admin, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Task DisposeAsync()
    {
        Http.Dispose();
        Silo.Dispose();
        Redis.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SiloTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Gateways_are_listed_as_json()
    {
        var gateways = (await Http.GetFromJsonAsync<JsonElement[]>("/api/gateways"))!;
        Assert.Equal(["cust-ip", "cust-pass", "cust-reg", "vendorA", "vendorB", "vendorUK"], gateways.Select(g => g.GetProperty("name").GetString()));
        Assert.Equal("mapping", gateways[0].GetProperty("kind").GetString());
        Assert.Equal(5, gateways[0].GetProperty("lineLimit").GetInt32());
        Assert.Equal(("registration", "2000"), (gateways[2].GetProperty("auth").GetString(), gateways[2].GetProperty("account").GetString()));
        Assert.Equal("127.0.0.1:5070", gateways[3].GetProperty("address").GetString());
    }

    [Fact]
    public async Task One_gateway_shows_its_live_lines()
    {
        await using var client = await ProcessClusterClient.ConnectAsync(fixture.Redis.Configuration);
        await client.Grains.GetGatewayGrain("vendorUK").AdmitAsync("live-call", DateTimeOffset.UtcNow);
        var gw = await Http.GetFromJsonAsync<JsonElement>("/api/gateways/vendorUK");
        Assert.Equal("routing", gw.GetProperty("kind").GetString());
        Assert.Equal(1, gw.GetProperty("live").GetProperty("linesInUse").GetInt32());
    }

    [Theory]
    [InlineData("/api/gateways/nope", HttpStatusCode.NotFound)]
    [InlineData("/api/gateways/bad%20name", HttpStatusCode.BadRequest)]
    [InlineData("/api/endpoints/77", HttpStatusCode.NotFound)]
    [InlineData("/api/endpoints/bad%20user", HttpStatusCode.BadRequest)]
    [InlineData("/api/ips/not-an-ip", HttpStatusCode.BadRequest)]
    [InlineData("/api/nothing-here", HttpStatusCode.NotFound)]
    public async Task Bad_requests_get_a_json_error(string path, HttpStatusCode status)
    {
        var response = await Http.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Endpoints_and_ips_show_grain_state()
    {
        await using var client = await ProcessClusterClient.ConnectAsync(fixture.Redis.Configuration);
        var now = DateTimeOffset.UtcNow;
        await client.Grains.GetEndpointGrain("1234").RegisterAsync(
            new RegisterRequest("sip:1234@127.0.0.5:5060", "127.0.0.5:5060", TimeSpan.FromHours(1), "cid", 1), now);
        var ep = await Http.GetFromJsonAsync<JsonElement>("/api/endpoints/1234");
        Assert.Equal("sip:1234@127.0.0.5:5060", ep.GetProperty("bindings")[0].GetProperty("contact").GetString());
        Assert.True(ep.GetProperty("online").GetBoolean());

        var blocked = await Http.PostAsync("/api/ips/198.51.100.77/block?seconds=600", null);
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        var ip = await Http.GetFromJsonAsync<JsonElement>("/api/ips/198.51.100.77");
        Assert.True(ip.GetProperty("blocked").GetBoolean());
        Assert.Equal("Manual", ip.GetProperty("reason").GetString());
        await Http.PostAsync("/api/ips/198.51.100.77/unblock", null);
        ip = await Http.GetFromJsonAsync<JsonElement>("/api/ips/198.51.100.77");
        Assert.False(ip.GetProperty("blocked").GetBoolean());
    }

    [Fact]
    public async Task Metrics_are_prometheus_text()
    {
        var text = await Http.GetStringAsync("/metrics");
        Assert.Contains("silo_redis_connected 1", text);
        Assert.Contains("# TYPE gateway_lines_in_use gauge", text);
        Assert.Contains("gateway_line_limit{gateway=\"cust-ip\"} 5", text);
    }

    [Fact]
    public async Task The_gateway_grains_timer_sweeps_expired_leases()
    {
        await using var client = await ProcessClusterClient.ConnectAsync(fixture.Redis.Configuration);
        // a lease that expired an hour ago, left by an edge that then vanished; stored as the grain stores leases
        // (taking it through the grain instead races the grain's own first sweep, which may free it at once)
        var expired = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal(":1", fixture.Redis.Command("ZADD", "gw:{vendorB}:lines", expired, "orphan").Trim());
        await client.Grains.GetGatewayGrain("vendorB").PingAsync();

        await RedisKeyWatch.UntilAsync(
            fixture.Redis, "gw:{vendorB}:lines", () => fixture.Redis.Command("ZCARD", "gw:{vendorB}:lines").Trim() == ":0",
            TimeSpan.FromSeconds(10), "the gateway grain's timer to free the orphan lease");

        // no Redis lock decides who sweeps any more: the gateway's one activation does
        Assert.Equal(":0", fixture.Redis.Command("EXISTS", "lock:{reminder:lease-sweep}").Trim());
    }
}

public sealed class SiloCommandLineTests
{
    [Fact]
    public async Task An_unknown_flag_prints_usage_and_exits_2()
    {
        var (code, output) = await SiloProcess.RunToExitAsync("--config", "x.yaml", "--frobnicate", "1");
        Assert.Equal(2, code);
        Assert.Contains("unknown flag '--frobnicate'", output);
        Assert.Contains("usage: Cluster.Silo", output);
    }

    [Fact]
    public async Task A_bad_config_names_the_key_and_line_and_exits_2()
    {
        var file = Path.Combine(Path.GetTempPath(), $"silo-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "routing_gateways:\n  - name: a\n    address: 127.0.0.1:5070\n    priority: 101\n");
        try
        {
            var (code, output) = await SiloProcess.RunToExitAsync("--config", file, "--redis", "127.0.0.1:1");
            Assert.Equal(2, code);
            Assert.Contains("routing_gateways[0].priority: expected integer 0-100 (line 4)", output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
