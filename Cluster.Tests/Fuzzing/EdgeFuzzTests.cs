using System.Globalization;
using Cluster.Tests.EdgeHost;
using Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Cluster.Tests.Fuzzing;

/// <summary>
/// zzuf mutation fuzzing of a live edge with Redis behind it (registrar and call path in play) over UDP and TCP.
/// FUZZ_SECONDS sets the fuzzing time (default 20; bench/fuzz/run.sh runs it longer), FUZZ_SEED the first zzuf
/// seed, FUZZ_REPORT a file the figures are also written to.
/// </summary>
public sealed class EdgeFuzzTests(ITestOutputHelper output)
{
    // Against a baseline taken after a warm-up fuzz (JIT'd error paths, pools and bounded stores in it): the live
    // managed heap must come back (what a managed leak would keep), and so must resident memory. The edge runs with
    // its gen0 budget fixed at 4 MB: left to adapt, the collector grows gen0 under 20,000 messages/s and keeps it
    // committed (+20 MB of RSS after 20 s, +59 MB after 90 s, the live heap flat at 7-8 MB), which would hide any
    // native leak behind it. With the budget fixed, what RSS keeps on top of the baseline is what the run leaked.
    private const long ManagedHeapReturnedWithinBytes = 8L * 1024 * 1024;
    private const long ResidentReturnedWithinBytes = 16L * 1024 * 1024;
    private static readonly Dictionary<string, string> s_fixedGen0Budget = new() { ["DOTNET_GCgen0size"] = "0x400000" };

    [Fact]
    public async Task Fuzzed_udp_and_tcp_never_crash_or_silence_the_edge_and_its_memory_returns_to_baseline()
    {
        var seconds = int.Parse(Environment.GetEnvironmentVariable("FUZZ_SECONDS") ?? "20", CultureInfo.InvariantCulture);
        var seed = int.Parse(Environment.GetEnvironmentVariable("FUZZ_SEED") ?? "1300", CultureInfo.InvariantCulture);
        using var redis = new RedisServer();
        using var vendor = new RefusingVendor();
        var config = Path.Combine(Path.GetTempPath(), $"fuzz-{Guid.NewGuid():N}.yaml");
        var yaml = (await File.ReadAllTextAsync(Path.Combine(EdgeProcess.RepositoryRoot, "config", "demo.yaml")))
            .Replace("127.0.0.1:5070", vendor.EndPoint.ToString(), StringComparison.Ordinal)
            .Replace("127.0.0.1:5072", vendor.EndPoint.ToString(), StringComparison.Ordinal)
            .Replace("options_interval_s: 60", "options_interval_s: 0", StringComparison.Ordinal)
            // Bounded retransmission store: what it may hold for 32 s is not what this run measures.
            .Replace("transaction_store_max: 400000", "transaction_store_max: 5000", StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, yaml);
        try
        {
            using var edge = EdgeProcess.Start(
                s_fixedGen0Budget,
                "--config", config, "--redis", redis.Configuration,
                "--listen", "udp:127.0.0.1:0", "--listen", "tcp:127.0.0.1:0", "--metrics", "http://127.0.0.1:0");
            var ready = await edge.WaitReadyAsync();

            var report = await new EdgeFuzzRun(edge, ready).RunAsync(TimeSpan.FromSeconds(seconds), seed);
            output.WriteLine(report.ToString());
            if (Environment.GetEnvironmentVariable("FUZZ_REPORT") is { Length: > 0 } file)
            {
                await File.WriteAllTextAsync(file, report + "\n");
            }

            Assert.False(edge.HasExited, edge.Stderr);
            var faults = edge.Stderr.Split('\n').Where(l => l.Contains("Exception", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal)).ToList();
            Assert.True(faults.Count == 0, "the edge logged faults:\n" + string.Join('\n', faults.Take(20)));
            foreach (var bug in new[] { "sip_drops_total{reason=\"internal_error\"}", "sip_drops_total{reason=\"transport_handler_fault\"}", "sip_refusals_total{reason=\"handler_error\"}" })
            {
                Assert.True(report.EdgeCounters.GetValueOrDefault(bug) == 0, $"{bug} {report.EdgeCounters.GetValueOrDefault(bug)}: a message cost an exception\n{report}");
            }

            Assert.True(report.UdpMessages > 0 && report.TcpMessages > 0 && report.ProbesAnswered >= report.Batches, report.ToString());
            Assert.True(report.AfterManagedHeapBytes <= report.BaselineManagedHeapBytes + ManagedHeapReturnedWithinBytes, report.ToString());
            Assert.True(report.AfterRssBytes <= report.BaselineRssBytes + ResidentReturnedWithinBytes, report.ToString());
        }
        finally
        {
            File.Delete(config);
        }
    }
}
