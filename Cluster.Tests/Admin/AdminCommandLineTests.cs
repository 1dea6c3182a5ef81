using Cluster.Admin;
using Cluster.Silo;

namespace Cluster.Tests.Admin;

/// <summary>The pure parts: both command lines and the system parameter catalog.</summary>
public sealed class AdminCommandLineTests
{
    [Fact]
    public void Cli_flags_may_come_anywhere_and_the_token_comes_from_the_environment()
    {
        var inv = AdminCommandLine.Parse(["ip", "block", "192.0.2.1", "--seconds", "60", "--json", "--silo", "http://10.0.0.5:8080"], "env-token")!;
        Assert.Equal(("ip", "block"), (inv.Noun, inv.Verb));
        Assert.Equal(["192.0.2.1"], inv.Arguments);
        Assert.Equal("60", inv.Flag("--seconds"));
        Assert.True(inv.Json);
        Assert.Equal(new Uri("http://10.0.0.5:8080"), inv.Silo);
        Assert.Equal("env-token", inv.Token);
        Assert.Equal("flag-token", AdminCommandLine.Parse(["--token=flag-token", "calls", "list"], "env-token")!.Token);
        Assert.Equal(new Uri("http://127.0.0.1:8080"), AdminCommandLine.Parse(["calls", "list"], null)!.Silo);
    }

    [Theory]
    [InlineData("unknown flag '--frob'", "--frob", "calls", "list")]
    [InlineData("--silo: expected a URL", "--silo", "ftp://x", "calls", "list")]
    [InlineData("'endpoint' needs a verb", "endpoint")]
    [InlineData("--timeout needs a value", "calls", "list", "--timeout")]
    public void Cli_usage_errors_say_what_is_wrong(string message, params string[] args) =>
        Assert.Contains(message, Assert.Throws<UsageException>(() => AdminCommandLine.Parse(args, null)).Message);

    [Fact]
    public void Silo_takes_the_token_from_the_environment_unless_the_flag_gives_one()
    {
        var fromEnv = SiloCommandLine.Parse(["--config", "x.yaml", "--admin", "http://0.0.0.0:8080"], out var error, "env-token-123456");
        Assert.Null(error);
        Assert.Equal("env-token-123456", fromEnv!.AdminToken);
        var fromFlag = SiloCommandLine.Parse(["--config", "x.yaml", "--admin-token", "flag-token-123456"], out _, "env-token-123456");
        Assert.Equal("flag-token-123456", fromFlag!.AdminToken);
        Assert.Null(SiloCommandLine.Parse(["--config", "x.yaml"], out _, " ")!.AdminToken);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://10.1.2.3:8080", false)]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    public void Silo_without_a_token_listens_on_loopback_only(string admin, bool accepted)
    {
        var options = SiloCommandLine.Parse(["--config", "x.yaml", "--admin", admin], out var error);
        Assert.Equal(accepted, options is not null);
        Assert.Equal(accepted, error is null);
    }

    [Fact]
    public void Silo_admin_allow_repeats_and_takes_addresses_or_cidrs()
    {
        var options = SiloCommandLine.Parse(["--config", "x.yaml", "--admin-allow", "10.0.0.0/8", "--admin-allow", "192.0.2.7"], out var error)!;
        Assert.Null(error);
        Assert.Equal(["10.0.0.0/8", "192.0.2.7/32"], options.AdminAllow.Select(n => n.ToString()));
        SiloCommandLine.Parse(["--config", "x.yaml", "--admin-allow", "10.0.0.0/33"], out error);
        Assert.Contains("--admin-allow: expected a CIDR", error);
        SiloCommandLine.Parse(["--config", "x.yaml", "--admin-token", "short"], out error);
        Assert.Contains("at least 12 characters", error);
        SiloCommandLine.Parse(["--config", "x.yaml"], out error, "short-env");
        Assert.Contains("CLUSTER_ADMIN_TOKEN", error);
    }

    [Theory]
    [InlineData("SS_ENDPOINTREGISTERRETRY", "endpoint_register_retry")]
    [InlineData("ss_reply_unauthorized", "reply_unauthorized")]
    [InlineData("endpoint_time_to_live_s", "endpoint_time_to_live_s")]
    [InlineData("SS_TCP_CLOSE_RESET", "tcp_close_reset")]
    public void Parameters_are_found_by_ss_or_readable_name(string name, string expected) =>
        Assert.Equal(expected, SystemParameterCatalog.Find(name)!.Name);

    [Fact]
    public void Parameter_values_are_checked_against_the_provisioning_ranges()
    {
        var retry = SystemParameterCatalog.Find("SS_ENDPOINTREGISTERRETRY")!;
        Assert.Equal(7, retry.Parse("7", out _));
        Assert.Null(retry.Parse("0", out var error));
        Assert.Contains("expected a whole number 1-100", error);
        var reply = SystemParameterCatalog.Find("SS_REPLY_UNAUTHORIZED")!;
        Assert.Equal(0, reply.Parse("off", out _));
        Assert.Equal(1, reply.Parse("ON", out _));
        Assert.Equal("off", reply.Show(reply.With(Cluster.Grains.SystemParameters.Defaults, 0)));
        Assert.Null(SystemParameterCatalog.Find("SS_NOPE"));
    }
}
