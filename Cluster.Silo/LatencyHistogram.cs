using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Cluster.Silo;

/// <summary>A Prometheus histogram of grain call latency (seconds), lock-free; cumulative buckets on render.</summary>
internal sealed class LatencyHistogram
{
    private static readonly double[] Bounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
    private readonly long[] _counts = new long[Bounds.Length + 1];
    private long _sumMicros;

    public void Observe(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var i = 0;
        while (i < Bounds.Length && seconds > Bounds[i])
        {
            i++;
        }

        Interlocked.Increment(ref _counts[i]);
        Interlocked.Add(ref _sumMicros, (long)(elapsed.Ticks / 10));
    }

    /// <summary>Runs one grain call and records how long it took, failed or not.</summary>
    public async Task<T> TimeAsync<T>(Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            Observe(Stopwatch.GetElapsedTime(start));
        }
    }

    public void Render(StringBuilder sb, string name, string help)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(" histogram\n");
        long cumulative = 0;
        for (var i = 0; i < Bounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            sb.Append(name).Append("_bucket{le=\"").Append(Bounds[i].ToString(CultureInfo.InvariantCulture)).Append("\"} ")
              .Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        cumulative += Interlocked.Read(ref _counts[Bounds.Length]);
        sb.Append(name).Append("_bucket{le=\"+Inf\"} ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append(name).Append("_sum ").Append((Interlocked.Read(ref _sumMicros) / 1e6).ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append(name).Append("_count ").Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
