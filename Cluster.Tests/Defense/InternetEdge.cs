using Cluster.Tests.EdgeHost;
using Cluster.Tests.Infrastructure;
using Cluster.Tests.Silo;

namespace Cluster.Tests.Defense;

/// <summary>
/// An edge as it faces the internet: bench/internet.yaml (SS_REPLY_UNAUTHORIZED off) with no trusted
/// addresses, so tools running from 127.0.0.1 are strangers. Its own Redis; one per test.
/// </summary>
public sealed class InternetEdge : IDisposable
{
    private readonly EdgeProcess _edge;
    private readonly SiloProcess _silo;
    private readonly string _config;

    private InternetEdge(RedisServer redis, SiloProcess silo, EdgeProcess edge, string config, EdgeReadyLine ready)
    {
        Redis = redis;
        _silo = silo;
        _edge = edge;
        _config = config;
        Ready = ready;
    }

    public RedisServer Redis { get; }

    public EdgeReadyLine Ready { get; }

    /// <summary>The silo's admin API, where ops read a source's state.</summary>
    public Uri SiloAdmin => _silo.Admin;

    public static async Task<InternetEdge> StartAsync()
    {
        var source = await File.ReadAllLinesAsync(Path.Combine(EdgeProcess.RepositoryRoot, "bench", "internet.yaml"));
        var config = Path.Combine(Path.GetTempPath(), $"internet-untrusted-{Guid.NewGuid():N}.yaml");
        await File.WriteAllLinesAsync(config, WithoutTrusted(source));
        var redis = new RedisServer();
        var silo = await SiloProcess.StartAsync("--config", config, "--redis", redis.Configuration);
        var edge = EdgeProcess.Start("--config", config, "--redis", redis.Configuration, "--listen", "udp:127.0.0.1:0", "--metrics", "http://127.0.0.1:0");
        var ready = await edge.WaitReadyAsync();
        await edge.WaitClusterJoinedAsync();
        return new InternetEdge(redis, silo, edge, config, ready);
    }

    public void Dispose()
    {
        _edge.Dispose();
        _silo.Dispose();
        Redis.Dispose();
        File.Delete(_config);
    }

    /// <summary>Drops the <c>trusted:</c> list (its key and its "- " items) and declares it empty.</summary>
    private static IEnumerable<string> WithoutTrusted(IEnumerable<string> lines)
    {
        var inTrusted = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("trusted:", StringComparison.Ordinal))
            {
                inTrusted = true;
                yield return "trusted: []";
                continue;
            }

            if (inTrusted && line.TrimStart().StartsWith('-'))
            {
                continue;
            }

            inTrusted = false;
            yield return line;
        }
    }
}
