using Cluster.Grains;
using Cluster.Grains.Provisioning;
using Cluster.Tests.Infrastructure;
using StackExchange.Redis;

namespace Cluster.Tests.Grains;

public sealed class ProvisioningTests
{
    internal static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Cluster.sln not found above " + AppContext.BaseDirectory), relative);
    }

    [Fact]
    public void Demo_config_loads_with_vos3000_defaults()
    {
        var doc = ProvisioningLoader.LoadFile(RepoFile("config/demo.yaml"));
        Assert.True(doc.System.ReplyUnauthorized);
        Assert.Equal(5, doc.System.AuthenticationMaxRetry);
        Assert.Equal(180, doc.System.EndpointRegisterSuspendTimeSeconds);
        Assert.Equal(new TokenBucketSpec(5, 10), doc.RateLimits.Register);
        Assert.Equal(["cust-ip", "cust-pass"], doc.MappingGateways.Select(g => g.Name));
        Assert.Equal(GatewayAuthMode.Ip, doc.MappingGateways[0].Auth);
        Assert.True(doc.TryGetAccountPassword("1001", out var pw));
        Assert.Equal("demo-1001-pass", pw);
        Assert.Contains("sipvicious", doc.ScannerUserAgents);
    }

    [Fact]
    public void Bench_configs_resolve_account_ranges_and_differ_only_in_reply_unauthorized()
    {
        var bench = ProvisioningLoader.LoadFile(RepoFile("bench/bench.yaml"));
        var internet = ProvisioningLoader.LoadFile(RepoFile("bench/internet.yaml"));
        Assert.True(bench.System.ReplyUnauthorized);
        Assert.False(internet.System.ReplyUnauthorized);
        foreach (var user in new[] { "1000", "5555", "10999" })
        {
            Assert.True(bench.TryGetAccountPassword(user, out var pw));
            Assert.Equal("secret", pw);
        }

        Assert.False(bench.TryGetAccountPassword("999", out _));
        Assert.False(bench.TryGetAccountPassword("11000", out _));
        Assert.False(bench.TryGetAccountPassword("01000", out _));

        var ip = bench.MappingGateways.Single(g => g.Name == "cust-ip");
        Assert.Equal(("127.0.0.21", 10, 5), (ip.Ip, ip.CpsLimit, ip.LineLimit));
        var pass = bench.MappingGateways.Single(g => g.Name == "cust-pass");
        Assert.Equal((GatewayAuthMode.Password, "cust", "custpass"), (pass.Auth, pass.User, pass.Password));

        var forOne = bench.RoutingGateways.Where(g => g.Prefixes.Contains("1")).OrderBy(g => g.Priority).Select(g => g.Name);
        Assert.Equal(["vendorA", "vendorB"], forOne);
        var uk = bench.RoutingGateways.Single(g => g.Prefixes.Contains("44"));
        Assert.Equal(("vendorUK", "127.0.0.1:5074"), (uk.Name, uk.Address));
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(bench with { System = internet.System }, ProvisioningWriter.Json),
            System.Text.Json.JsonSerializer.Serialize(internet, ProvisioningWriter.Json));
    }

    [Theory]
    [InlineData("routing_gateways:\n  - name: a\n    address: 127.0.0.1:5070\n  - name: b\n    address: 127.0.0.1:5072\n    priority: high\n",
        "routing_gateways[1].priority: expected integer 0-100 (line 6)")]
    [InlineData("system:\n  reply_unauthorized: maybe\n", "system.reply_unauthorized: expected true or false (line 2)")]
    [InlineData("system:\n  endpoint_register_retyr: 3\n", "system.endpoint_register_retyr: unknown key (line 2)")]
    [InlineData("mapping_gateways:\n  - name: c\n    auth: telepathy\n", "mapping_gateways[0].auth: expected ip, ip_port, password or registration (line 3)")]
    [InlineData("mapping_gateways:\n  - name: c\n    auth: ip\n", "mapping_gateways[0].ip: auth ip needs an IP address (line 2)")]
    [InlineData("trusted: [10.0.0.0/8, banana]\n", "trusted[1]: expected an IP address or CIDR such as 10.0.0.0/8 (line 1)")]
    [InlineData("routing_gateways:\n  - name: a\n    address: nowhere\n", "routing_gateways[0].address: expected IP, IP:port, [IPv6]:port, host or host:port such as 192.0.2.10:5060 or sip.vendor.example (line 3)")]
    [InlineData("account_ranges:\n  - { from: 10, to: 5, password: x }\n", "account_ranges[0].to: expected integer >= from (10) (line 2)")]
    [InlineData("accounts:\n  - { user: \"1\", password: a }\n  - { user: \"1\", password: b }\n", "accounts[1].user: duplicate account '1' (line 3)")]
    [InlineData("routing_gateways:\n  - { name: a, address: \"127.0.0.1:1\" }\nmapping_gateways:\n  - { name: a, auth: ip, ip: 127.0.0.2 }\n",
        "routing_gateways[0].name: duplicate gateway name 'a' (line 2)")]
    [InlineData("system: [1, 2\n", "(file): not valid YAML")]
    [InlineData("routing_gateways:\n  - name: a\n    address: 127.0.0.1:5070\n    strip_digits: 33\n", "routing_gateways[0].strip_digits: expected integer 0-32 (line 4)")]
    [InlineData("routing_gateways:\n  - name: a\n    address: 127.0.0.1:5070\n    strip_digits: -1\n", "routing_gateways[0].strip_digits: expected integer 0-32 (line 4)")]
    [InlineData("routing_gateways:\n  - name: a\n    address: 127.0.0.1:5070\n    add_prefix: \"00;x=1\"\n", "routing_gateways[0].add_prefix: expected up to 32 digits")]
    [InlineData("routing_gateways:\n  - name: a\n    address: 127.0.0.1:5070\n    add_prefix: [0]\n", "routing_gateways[0].add_prefix: expected a string (line 4)")]
    [InlineData("mapping_gateways:\n  - name: r\n    auth: registration\n", "mapping_gateways[0].account: auth registration needs an account from accounts or account_ranges (line 3)")]
    [InlineData("accounts:\n  - { user: \"2000\", password: x }\nmapping_gateways:\n  - name: r\n    auth: registration\n    account: \"2001\"\n",
        "mapping_gateways[0].account: no account '2001' in accounts or account_ranges (line 6)")]
    [InlineData("account_ranges:\n  - { from: 1000, to: 1999, password: x }\nmapping_gateways:\n  - { name: r, auth: registration, account: \"1500\", ip: 127.0.0.9 }\n",
        "mapping_gateways[0].ip: auth registration takes the address from the account's registration")]
    [InlineData("mapping_gateways:\n  - { name: c, auth: ip, ip: 127.0.0.9, account: \"1500\" }\n", "mapping_gateways[0].account: only auth registration takes an account (line 2)")]
    [InlineData("accounts:\n  - { user: cust, password: x }\nmapping_gateways:\n  - { name: p, auth: password, user: cust, password: y }\n  - { name: r, auth: registration, account: cust }\n",
        "mapping_gateways[1].account: 'cust' already authenticates mapping gateway 'p' (line 5)")]
    public void A_bad_file_names_the_key_path_and_line(string yaml, string expected)
    {
        var e = Assert.Throws<ProvisioningException>(() => ProvisioningLoader.Parse(yaml));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void Number_rewrite_and_registration_gateways_load_and_survive_the_trip_through_redis_json()
    {
        var doc = ProvisioningLoader.Parse("""
            account_ranges:
              - { from: 1000, to: 1999, password: secret }
            mapping_gateways:
              - { name: pbx, auth: registration, account: "1500", cps_limit: 5, line_limit: 10 }
            routing_gateways:
              - { name: uk, address: 127.0.0.1:5074, prefixes: ["44"], strip_digits: 2, add_prefix: 0 }
              - { name: intl, address: 127.0.0.1:5076, prefixes: ["44"], add_prefix: "00" }
              - { name: plain, address: 127.0.0.1:5078, prefixes: ["1"] }
            """);
        var back = ProvisioningWriter.FromJson(System.Text.Json.JsonSerializer.Serialize(doc, ProvisioningWriter.Json))!;

        foreach (var d in new[] { doc, back })
        {
            Assert.Equal((GatewayAuthMode.Registration, "1500"), (d.MappingGateways[0].Auth, d.MappingGateways[0].Account));
            Assert.Equal([(2, "0"), (0, "00"), (0, "")], d.RoutingGateways.Select(g => (g.StripDigits, g.AddPrefix)));
        }
    }

    [Fact]
    public void Scanner_user_agents_match_case_insensitively()
    {
        var doc = ProvisioningLoader.LoadFile(RepoFile("config/demo.yaml"));
        Assert.True(doc.IsScanner("friendly-scanner"));
        Assert.True(doc.IsScanner("SIPVicious 0.3.4"));
        Assert.False(doc.IsScanner("Yealink SIP-T46S"));
        Assert.False(doc.IsScanner(null));
    }

    [Fact]
    public void The_edge_section_is_accepted_and_ignored()
    {
        var doc = ProvisioningLoader.Parse("edge:\n  whatever: 1\n  nested: { a: b }\n");
        Assert.Empty(doc.MappingGateways);
    }

    [Fact]
    public void Provisioning_becomes_the_grain_policy()
    {
        var policy = ProvisioningLoader.LoadFile(RepoFile("bench/bench.yaml")).ToGrainPolicy();
        Assert.Equal(10, policy.GatewayLimitsFor("cust-ip").CpsLimit);
        Assert.Equal(5, policy.GatewayLimitsFor("cust-ip").LineLimit);
        Assert.Equal(TimeSpan.FromSeconds(180 + 3600 + 60), policy.GatewayLimitsFor("cust-ip").LeaseTime);
        Assert.True(policy.SourceIp.Trusted.Contains(System.Net.IPAddress.Loopback));
        Assert.False(policy.SourceIp.Trusted.Contains(System.Net.IPAddress.Parse("127.0.0.21")));
        Assert.Equal(6, policy.Endpoint.RegisterRetry);
    }
}
