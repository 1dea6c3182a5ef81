using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Tests.Grains;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Silo;

namespace Cluster.Tests.Admin;

/// <summary>The silo's admin API protection, each case on its own silo process (one Redis for the class: silos need membership).</summary>
public sealed class AdminAccessTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly string Config = ProvisioningTests.RepoFile("bench/bench.yaml");

    [Fact]
    public async Task Without_a_token_the_silo_refuses_a_non_loopback_admin_address()
    {
        var (code, output) = await SiloProcess.RunToExitAsync("--config", Config, "--redis", "127.0.0.1:1", "--admin", "http://0.0.0.0:0");
        Assert.Equal(2, code);
        Assert.Contains("is not a loopback address and no admin token is configured", output);
        Assert.Contains("CLUSTER_ADMIN_TOKEN", output);
    }

    [Fact]
    public async Task A_source_outside_the_allowlist_gets_403_json_on_the_api_but_metrics_stay_open()
    {
        using var silo = await AdminSilo.StartAsync("--config", Config, "--redis", redis.Configuration, "--admin-allow", "10.0.0.0/8");
        using var http = new HttpClient { BaseAddress = silo.Admin, Timeout = TimeSpan.FromSeconds(10) };
        var response = await http.PostAsync("/api/ips/192.0.2.1/block", null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("not in the admin allowlist", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/metrics")).StatusCode);

        var cli = await AdminProcess.RunAsync(null, "--silo", silo.Admin.ToString(), "gateway", "list");
        Assert.True(cli.ExitCode == 5, cli.ToString());
        Assert.Contains("not in the admin allowlist (403)", cli.Stderr);
    }

    [Fact]
    public async Task A_source_inside_the_allowlist_is_served()
    {
        using var silo = await AdminSilo.StartAsync("--config", Config, "--redis", redis.Configuration, "--admin-allow", "192.0.2.0/24", "--admin-allow", "127.0.0.0/8");
        using var http = new HttpClient { BaseAddress = silo.Admin, Timeout = TimeSpan.FromSeconds(10) };
        var gateways = await http.GetFromJsonAsync<JsonElement[]>("/api/gateways");
        Assert.Equal(6, gateways!.Length); // provisioning is local; the live view is missing without Redis
    }

    [Fact]
    public async Task Without_redis_a_write_is_503_and_the_cli_exits_1()
    {
        using var own = new RedisServer();
        using var silo = await AdminSilo.StartAsync("--config", Config, "--redis", own.Configuration);
        own.Stop();
        var r = await AdminProcess.RunAsync(null, "--silo", silo.Admin.ToString(), "ip", "block", "192.0.2.3");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("unavailable", r.Stderr);
        Assert.Contains("(503)", r.Stderr);
    }
}
