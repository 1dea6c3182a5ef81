using System.Collections.Concurrent;
using System.Net;

namespace Cluster.Edge.Defense;

/// <summary>
/// Source addresses that proved themselves on this edge (a successful digest registration), so that
/// with SS_REPLY_UNAUTHORIZED off their OPTIONS keepalives are still answered while strangers get
/// silence. Entries age out after <paramref name="lifetime"/>; bounded like every table a flood can reach.
/// </summary>
public sealed class KnownSources(TimeSpan lifetime, int capacity = 200_000)
{
    private readonly ConcurrentDictionary<IPAddress, long> _lastProvenMs = new();

    public void Prove(IPAddress source, long nowMs)
    {
        if (_lastProvenMs.Count >= capacity)
        {
            foreach (var (address, at) in _lastProvenMs)
            {
                if (nowMs - at > (long)lifetime.TotalMilliseconds)
                {
                    _lastProvenMs.TryRemove(KeyValuePair.Create(address, at));
                }
            }

            if (_lastProvenMs.Count >= capacity)
            {
                return;
            }
        }

        _lastProvenMs[source] = nowMs;
    }

    public bool IsKnown(IPAddress source, long nowMs) =>
        _lastProvenMs.TryGetValue(source, out var at) && nowMs - at <= (long)lifetime.TotalMilliseconds;
}
