using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Tests.EndToEnd;
using Cluster.Tests.Registrar;
using StackExchange.Redis;

namespace Cluster.Tests.Admin;

/// <summary>Cluster.Admin as a process against a real silo, edge and Redis; phones register over real UDP.</summary>
public sealed class AdminCliTests(AdminCluster cluster) : IClassFixture<AdminCluster>
{
    private static readonly TimeSpan EdgeFollows = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_phone_registered_over_sip_shows_with_its_binding()
    {
        using var phone = new Phone("127.0.0.41");
        var answer = await phone.RegisterAsync(cluster.Edge.Udp, "1041", "secret");
        Assert.Equal(200, SipText.StatusCode(answer!));

        var human = await cluster.AdminAsync("endpoint", "show", "1041");
        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains($"sip:1041@127.0.0.41:{phone.LocalEndPoint.Port}", human.Stdout);
        Assert.Contains("online:", human.Stdout);
        Assert.Contains("cluster-tests", human.Stdout); // the User-Agent column

        var json = await cluster.AdminAsync("--json", "endpoint", "show", "1041");
        Assert.True(json.ExitCode == 0, json.ToString());
        var endpoint = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("1041", endpoint.GetProperty("user").GetString());
        var binding = Assert.Single(endpoint.GetProperty("bindings").EnumerateArray());
        Assert.Equal($"sip:1041@127.0.0.41:{phone.LocalEndPoint.Port}", binding.GetProperty("contact").GetString());
        Assert.Contains("127.0.0.41:", binding.GetProperty("source").GetString());

        var list = await cluster.AdminAsync("--json", "endpoint", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(JsonDocument.Parse(list.Stdout).RootElement.GetProperty("items").EnumerateArray(), e => e.GetProperty("user").GetString() == "1041");
    }

    [Fact]
    public async Task Ip_block_stops_the_sources_traffic_on_the_edge_and_unblock_restores_it()
    {
        using var phone = new Phone("127.0.0.42");
        Assert.Equal(200, SipText.StatusCode((await phone.RegisterAsync(cluster.Edge.Udp, "1042", "secret"))!));
        var cachedBefore = await EdgeBlockedCachedAsync();

        var logged = cluster.EdgeProcess.StderrLineCount;
        var block = await cluster.AdminAsync("ip", "block", "127.0.0.42", "--seconds", "600", "--reason", "test: fraud suspect");
        Assert.True(block.ExitCode == 0, block.ToString());
        Assert.Contains("blocked 127.0.0.42 until", block.Stdout);

        // the silo announces the block: the edge caches it before the source sends anything
        await cluster.EdgeProcess.WaitForChangeAppliedAsync("block ip 127.0.0.42", logged);
        Assert.True(await EdgeBlockedCachedAsync() > cachedBefore, "edge_blocked_sources_cached did not grow with the block announced on cluster:changes");
        var refused = await phone.RegisterAsync(cluster.Edge.Udp, "1042", "secret");
        Assert.Equal(403, SipText.StatusCode(refused!)); // bench.yaml: reply_unauthorized on

        var shown = JsonDocument.Parse((await cluster.AdminAsync("--json", "ip", "show", "127.0.0.42")).Stdout).RootElement;
        Assert.True(shown.GetProperty("blocked").GetBoolean());
        var top = JsonDocument.Parse((await cluster.AdminAsync("--json", "ip", "top")).Stdout).RootElement;
        Assert.Equal("127.0.0.42", top.GetProperty("items").EnumerateArray().First(s => s.GetProperty("address").GetString() == "127.0.0.42").GetProperty("address").GetString());

        logged = cluster.EdgeProcess.StderrLineCount;
        var unblock = await cluster.AdminAsync("ip", "unblock", "127.0.0.42");
        Assert.True(unblock.ExitCode == 0, unblock.ToString());
        await cluster.EdgeProcess.WaitForChangeAppliedAsync("unblock ip 127.0.0.42", logged);
        Assert.Equal(cachedBefore, await EdgeBlockedCachedAsync()); // the edge dropped its cached block on 'unblock ip'
        var again = await phone.RegisterAsync(cluster.Edge.Udp, "1042", "secret");
        Assert.Equal(200, SipText.StatusCode(again!));
    }

    [Fact]
    public async Task Kick_removes_the_binding()
    {
        using var phone = new Phone("127.0.0.43");
        Assert.Equal(200, SipText.StatusCode((await phone.RegisterAsync(cluster.Edge.Udp, "1043", "secret"))!));

        var wrong = await cluster.AdminAsync("endpoint", "kick", "1043", "sip:nobody@127.0.0.43:1");
        Assert.Equal(3, wrong.ExitCode);

        var kick = await cluster.AdminAsync("endpoint", "kick", "1043");
        Assert.True(kick.ExitCode == 0, kick.ToString());
        Assert.Contains("1 binding(s) removed", kick.Stdout);
        var endpoint = JsonDocument.Parse((await cluster.AdminAsync("--json", "endpoint", "show", "1043")).Stdout).RootElement;
        Assert.Empty(endpoint.GetProperty("bindings").EnumerateArray());
    }

    [Fact]
    public async Task A_suspended_endpoint_shows_as_suspended_and_unsuspend_lets_it_register()
    {
        // SS_ENDPOINTREGISTERRETRY is 6 in bench.yaml; each failure from its own address, so that no
        // source reaches SS_AUTHENTICATION_MAX_RETRY and gets blocked instead
        for (var i = 0; i < 6; i++)
        {
            using var guesser = new Phone($"127.0.0.{50 + i}");
            await guesser.RegisterAsync(cluster.Edge.Udp, "1045", "wrong-password");
        }

        var suspended = JsonDocument.Parse((await cluster.AdminAsync("--json", "endpoint", "show", "1045")).Stdout).RootElement;
        Assert.True(suspended.GetProperty("suspended").GetBoolean(), suspended.ToString());
        Assert.Contains("suspended:         until", (await cluster.AdminAsync("endpoint", "show", "1045")).Stdout);

        var logged = cluster.EdgeProcess.StderrLineCount;
        var unsuspend = await cluster.AdminAsync("endpoint", "unsuspend", "1045");
        Assert.True(unsuspend.ExitCode == 0, unsuspend.ToString());
        Assert.Contains("endpoint 1045 unsuspended", unsuspend.Stdout);

        // the edge follows 'unsuspend ep' announced on cluster:changes: one REGISTER after that must succeed
        await cluster.EdgeProcess.WaitForChangeAppliedAsync("unsuspend ep 1045", logged);
        using var phone = new Phone("127.0.0.49");
        Assert.Equal(200, SipText.StatusCode((await phone.RegisterAsync(cluster.Edge.Udp, "1045", "secret"))!));
    }

    [Theory]
    [InlineData(3, "no account '77'", "endpoint", "show", "77")]
    [InlineData(3, "no gateway named 'nope'", "gateway", "show", "nope")]
    [InlineData(3, "no system parameter 'SS_NOPE'", "params", "get", "SS_NOPE")]
    [InlineData(2, "unknown noun 'frobnicate'", "frobnicate", "list")]
    [InlineData(2, "unknown verb 'destroy'", "endpoint", "destroy")]
    [InlineData(2, "'300.1.1.1' is not an IP address", "ip", "block", "300.1.1.1")]
    [InlineData(2, "--seconds: expected a whole number", "ip", "block", "192.0.2.1", "--seconds", "0")]
    [InlineData(2, "expected on or off, got 'maybe'", "params", "set", "SS_REPLY_UNAUTHORIZED", "maybe")]
    [InlineData(2, "usage: endpoint show USER", "endpoint", "show")]
    public async Task Failures_exit_non_zero_with_one_clear_line(int code, string message, params string[] args)
    {
        var r = await cluster.AdminAsync(args);
        Assert.True(r.ExitCode == code, r.ToString());
        Assert.Contains(message, r.Stderr);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(string.Empty, r.Stdout);
    }

    [Fact]
    public async Task An_unreachable_silo_exits_4()
    {
        var r = await AdminProcess.RunAsync(null, "--silo", "http://127.0.0.1:1", "gateway", "list");
        Assert.True(r.ExitCode == 4, r.ToString());
        Assert.Contains("cannot reach the silo at http://127.0.0.1:1/", r.Stderr);
    }

    [Fact]
    public async Task Json_output_parses_for_every_read_command()
    {
        foreach (var args in (string[][])[["gateway", "list"], ["gateway", "show", "vendorA"], ["gateway", "stats", "vendorA"], ["calls", "list"], ["calls", "lines"], ["params", "get"], ["ip", "top"], ["endpoint", "list"]])
        {
            var r = await cluster.AdminAsync(["--json", .. args]);
            Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)}: {r}");
            using var doc = JsonDocument.Parse(r.Stdout);
        }

        var gateways = JsonDocument.Parse((await cluster.AdminAsync("--json", "gateway", "list")).Stdout).RootElement;
        Assert.Equal(["cust-ip", "cust-pass", "cust-reg", "vendorA", "vendorB", "vendorUK"], gateways.EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        var lines = JsonDocument.Parse((await cluster.AdminAsync("--json", "calls", "lines")).Stdout).RootElement;
        Assert.Equal(6, lines.GetArrayLength());
    }

    [Fact]
    public async Task Params_set_accepts_ss_names_and_announces_new_provisioning()
    {
        var from = cluster.EdgeProcess.StderrLineCount;
        var set = await cluster.AdminAsync("params", "set", "SS_ENDPOINTREGISTERRETRY", "8");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("endpoint_register_retry (SS_ENDPOINTREGISTERRETRY) = 8", set.Stdout);
        var version = System.Text.RegularExpressions.Regex.Match(set.Stdout, @"version (\d+)").Groups[1].Value;

        // announced through the change hub: the edge follows the new version without a restart
        await cluster.EdgeProcess.WaitForStderrLineAsync(
            l => l.Contains($"Following provisioning version {version} ", StringComparison.Ordinal), $"the edge to follow provisioning version {version}", from, EdgeFollows);

        var get = JsonDocument.Parse((await cluster.AdminAsync("--json", "params", "get", "endpoint_register_retry")).Stdout).RootElement;
        Assert.Equal("8", get.GetProperty("value").GetString());
        Assert.Equal("SS_ENDPOINTREGISTERRETRY", get.GetProperty("ssName").GetString());
        Assert.True((await cluster.AdminAsync("params", "set", "endpoint_register_retry", "6")).ExitCode == 0);
    }

    [Fact]
    public async Task A_configured_token_is_required_by_the_api_and_the_cli()
    {
        using var anonymous = new HttpClient { BaseAddress = cluster.Silo.Admin };
        var refused = await anonymous.GetAsync("/api/gateways");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("admin token required", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        var write = await anonymous.PostAsync("/api/ips/192.0.2.9/block", null);
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cluster.Http.GetAsync("/api/gateways")).StatusCode);

        var noToken = await AdminProcess.RunAsync(null, "--silo", cluster.Silo.Admin.ToString(), "gateway", "list");
        Assert.True(noToken.ExitCode == 5, noToken.ToString());
        Assert.Contains("admin token required", noToken.Stderr);
        var wrong = await AdminProcess.RunAsync(null, "--silo", cluster.Silo.Admin.ToString(), "--token", "not-the-token-at-all", "gateway", "list");
        Assert.Equal(5, wrong.ExitCode);
        var fromEnvironment = await AdminProcess.RunAsync(AdminCluster.Token, "--silo", cluster.Silo.Admin.ToString(), "gateway", "list");
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        Assert.Contains("vendorUK", fromEnvironment.Stdout);
    }

    [Fact]
    public async Task Changes_are_audited_with_who_and_what()
    {
        var logged = cluster.Silo.OutputLineCount;
        var r = await cluster.AdminAsync("ip", "block", "192.0.2.77", "--seconds", "60", "--reason", "audit-check");
        Assert.True(r.ExitCode == 0, r.ToString());

        // the console logger writes the line a moment after the API has answered
        var audit = await cluster.Silo.WaitForOutputLineAsync(
            line => line.Contains("admin change by 127.0.0.1: block ip 192.0.2.77 for 60 s", StringComparison.Ordinal),
            "the audit line for the block", logged);
        Assert.Contains("reason 'audit-check'", audit);
        await UnblockAsync("192.0.2.77");
    }

    [Fact]
    public async Task Silo_and_edge_metrics_parse_as_prometheus_text_and_count_what_happened()
    {
        var block = await cluster.AdminAsync("ip", "block", "192.0.2.200", "--seconds", "600");
        Assert.True(block.ExitCode == 0, block.ToString());
        using var phone = new Phone("127.0.0.44");
        Assert.Equal(200, SipText.StatusCode((await phone.RegisterAsync(cluster.Edge.Udp, "1044", "secret"))!));

        // The census behind these counts runs inside the scrape (a bounded SCAN, then cached for one reminder
        // interval, 1 s here, so that several scrapers share it): the first scrape after the block and the
        // registration is itself the signal, nothing to wait for. Nothing else scrapes this silo; the census age
        // proves the counts were made after both, not cached from before. No census log line was added for this:
        // the census runs only when scraped, so a line could not announce anything the scrape does not return,
        // and operators already have the counts, with their history, in /metrics.
        var sinceBoth = Stopwatch.StartNew();
        var silo = PrometheusText.Parse(await cluster.Http.GetStringAsync("/metrics"));
        Assert.True(PrometheusText.Value(silo, "silo_census_age_seconds") <= sinceBoth.Elapsed.TotalSeconds, "the census predates the block and the registration");
        Assert.True(PrometheusText.Value(silo, "silo_blocked_sources") >= 1, "silo_blocked_sources counts the block");
        Assert.True(PrometheusText.Value(silo, "silo_online_endpoints") >= 1, "silo_online_endpoints counts the registration");
        Assert.Equal(1, PrometheusText.Value(silo, "silo_redis_connected"));
        Assert.Equal(5, PrometheusText.Value(silo, "gateway_line_limit", ("gateway", "cust-ip")));
        Assert.Contains(silo, s => s.Name == "gateway_asr" && s.Labels["gateway"] == "vendorA");
        Assert.Contains(silo, s => s.Name == "gateway_cps_current" && s.Labels["gateway"] == "vendorA");
        Assert.True(PrometheusText.Value(silo, "silo_grain_call_duration_seconds_count") > 0);

        using var http = new HttpClient();
        var edge = PrometheusText.Parse(await http.GetStringAsync(new Uri(cluster.Edge.MetricsUri, "metrics")));
        Assert.True(edge.Where(s => s.Name == "sip_requests_total" && s.Labels.GetValueOrDefault("method") == "REGISTER").Sum(s => s.Value) >= 2);

        await UnblockAsync("192.0.2.200");
    }

    private async Task<double> EdgeBlockedCachedAsync()
    {
        using var http = new HttpClient();
        var samples = PrometheusText.Parse(await http.GetStringAsync(new Uri(cluster.Edge.MetricsUri, "metrics")));
        return PrometheusText.Value(samples, "edge_blocked_sources_cached");
    }

    // Cleanup that leaves the edge settled: the next test's edge_blocked_sources_cached must not move under it.
    private async Task UnblockAsync(string address)
    {
        var logged = cluster.EdgeProcess.StderrLineCount;
        Assert.True((await cluster.AdminAsync("ip", "unblock", address)).ExitCode == 0);
        await cluster.EdgeProcess.WaitForChangeAppliedAsync("unblock ip " + address, logged);
    }
}
