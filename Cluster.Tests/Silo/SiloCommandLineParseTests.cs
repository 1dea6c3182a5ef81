using Cluster.Silo;

namespace Cluster.Tests.Silo;

public sealed class SiloCommandLineParseTests
{
    [Fact]
    public void Defaults_are_local_redis_and_admin_on_8080()
    {
        var o = SiloCommandLine.Parse(["--config", "bench/bench.yaml"], out var error);
        Assert.Null(error);
        Assert.Equal("bench/bench.yaml", o!.ConfigPath);
        Assert.Equal("127.0.0.1:6379", o.Redis);
        Assert.Equal(new Uri("http://127.0.0.1:8080"), o.Admin);
        Assert.Equal(TimeSpan.FromSeconds(5), o.SweepInterval);
    }

    [Fact]
    public void Every_flag_is_read()
    {
        var o = SiloCommandLine.Parse(
            ["--config", "c.yaml", "--redis", "10.0.0.5:6380", "--admin", "http://0.0.0.0:9090", "--sweep-interval-s", "2",
             "--admin-token", "0123456789abcdef", "--admin-allow", "10.0.0.0/8"], out var error);
        Assert.Null(error);
        Assert.Equal(("10.0.0.5:6380", 9090, TimeSpan.FromSeconds(2)), (o!.Redis, o.Admin.Port, o.SweepInterval));
        Assert.Equal(("0123456789abcdef", "10.0.0.0/8"), (o.AdminToken, o.AdminAllow.Single().ToString()));
    }

    [Theory]
    [InlineData(new string[0], "--config is required")]
    [InlineData(new[] { "--config" }, "--config needs a value")]
    [InlineData(new[] { "--config", "c.yaml", "--listen", "x" }, "unknown flag '--listen'")]
    [InlineData(new[] { "--config", "c.yaml", "--admin", "8080" }, "--admin: expected a URL")]
    [InlineData(new[] { "--config", "c.yaml", "--sweep-interval-s", "0" }, "--sweep-interval-s: expected a whole number")]
    [InlineData(new[] { "stray" }, "unexpected argument 'stray'")]
    public void Bad_command_lines_are_refused_with_a_reason(string[] args, string expected)
    {
        Assert.Null(SiloCommandLine.Parse(args, out var error));
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public void Help_is_not_an_error()
    {
        Assert.Null(SiloCommandLine.Parse(["--help"], out var error));
        Assert.Null(error);
    }
}
