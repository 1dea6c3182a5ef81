namespace Cluster.Tests.Fuzzing;

/// <summary>What a fuzz run did to the edge and what the edge did: the figures an operator would ask for.</summary>
public sealed record FuzzReport(
    TimeSpan Duration,
    int Batches,
    long UdpMessages,
    long TcpMessages,
    int TcpConnectionsClosedByEdge,
    int ProbesAnswered,
    TimeSpan SlowestProbe,
    long BaselineRssBytes,
    long PeakRssBytes,
    long AfterRssBytes,
    long BaselineManagedHeapBytes,
    long AfterManagedHeapBytes,
    TimeSpan SettleTime,
    IReadOnlyDictionary<string, double> EdgeCounters)
{
    public override string ToString() =>
        $"fuzzed {Duration.TotalSeconds:0.0} s: {Batches} zzuf batches, {UdpMessages} UDP + {TcpMessages} TCP messages " +
        $"({(UdpMessages + TcpMessages) / Math.Max(1, Duration.TotalSeconds):0}/s), {TcpConnectionsClosedByEdge} TCP connections closed by the edge\n" +
        $"OPTIONS probes answered: {ProbesAnswered}, slowest {SlowestProbe.TotalMilliseconds:0} ms\n" +
        $"edge RSS: baseline {Mb(BaselineRssBytes)} MB, peak {Mb(PeakRssBytes)} MB, after settling and a full GC {Mb(AfterRssBytes)} MB " +
        $"(settled in {SettleTime.TotalSeconds:0.0} s); managed heap after a full GC: baseline {Mb(BaselineManagedHeapBytes)} MB, after {Mb(AfterManagedHeapBytes)} MB\n" +
        "edge counters: " + string.Join(", ", EdgeCounters.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value:0}"));

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
