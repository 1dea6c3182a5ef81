using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;

namespace Cluster.Edge.Metrics;

/// <summary>
/// One Prometheus counter family with a single label (<c>sip_drops_total{reason}</c>, …). Increments are
/// lock-free; label values must be constants so a peer cannot grow the family.
/// </summary>
internal sealed class LabeledCounters(string name, string label, string help)
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    public void Count(string value) => Interlocked.Increment(ref _counts.GetOrAdd(value, static _ => new StrongBox<long>()).Value);

    public long Read(string value) => _counts.TryGetValue(value, out var box) ? Volatile.Read(ref box.Value) : 0;

    public void Write(StringBuilder text)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" counter\n");
        foreach (var (value, box) in _counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('{').Append(label).Append("=\"").Append(value).Append("\"} ").Append(Volatile.Read(ref box.Value)).Append('\n');
        }
    }
}
