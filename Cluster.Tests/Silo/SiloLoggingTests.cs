using System.Text.RegularExpressions;
using Cluster.Tests.EdgeHost;
using Cluster.Tests.Grains;
using Cluster.Tests.Infrastructure;

namespace Cluster.Tests.Silo;

/// <summary>Silo log lines carry the edge's time stamp and shape, so the two logs can be read side by side.</summary>
public sealed class SiloLoggingTests
{
    // "10:42:07.315 warn: Cluster.Silo.Redis[103] Redis connection lost …": time, level, category[event], message.
    private static readonly Regex s_line = new(@"^\d{2}:\d{2}:\d{2}\.\d{3} (trce|dbug|info|warn|fail|crit): \S+\[\d+\] \S");

    [Fact]
    public async Task A_silo_log_line_is_one_line_stamped_to_the_millisecond_like_an_edge_log_line()
    {
        using var redis = new RedisServer();
        redis.Stop();
        // a silo started before its Redis logs that first (and waits for it to join the cluster)
        using var silo = SiloProcess.Launch("--config", ProvisioningTests.RepoFile("bench/bench.yaml"), "--redis", redis.Configuration);
        var siloLine = await silo.WaitForOutputLineAsync(
            line => line.Contains("Redis connection lost (", StringComparison.Ordinal), "the silo's 'Redis connection lost' line");

        using var edge = EdgeProcess.Start(
            "--config", Path.Combine(EdgeProcess.RepositoryRoot, "config", "demo.yaml"), "--listen", "udp:127.0.0.1:0");
        await edge.WaitReadyAsync();
        var edgeLine = await edge.WaitForStderrLineAsync(line => line.Contains("loaded", StringComparison.Ordinal), "the edge's 'Config … loaded' line");

        Assert.Matches(s_line, edgeLine);
        Assert.Matches(s_line, siloLine);
        Assert.Contains("warn: Cluster.Silo.Redis[103] Redis connection lost (not reachable at start)", siloLine);
    }
}
