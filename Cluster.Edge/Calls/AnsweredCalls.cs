using System.Collections.Concurrent;

namespace Cluster.Edge.Calls;

/// <summary>
/// When calls answered through this edge were answered, by Call-ID, so that the BYE gives the talk time
/// for ACD. A BYE handled by another edge does not find it and reports the call answered with no duration.
/// Bounded: entries older than the longest call are dropped when the table grows.
/// </summary>
public sealed class AnsweredCalls(int capacity = 200_000)
{
    private readonly ConcurrentDictionary<string, long> _answeredAt = new(StringComparer.Ordinal);

    public int Count => _answeredAt.Count;

    public void Answered(string callId, long nowMs, long maxAgeMs)
    {
        if (_answeredAt.Count >= capacity)
        {
            foreach (var (id, at) in _answeredAt)
            {
                if (nowMs - at > maxAgeMs)
                {
                    _answeredAt.TryRemove(id, out _);
                }
            }
        }

        _answeredAt[callId] = nowMs;
    }

    /// <summary>Talk time of an ending call (and forgets it); null when this edge did not see the answer.</summary>
    public TimeSpan? End(string callId, long nowMs) =>
        _answeredAt.TryRemove(callId, out var at) ? TimeSpan.FromMilliseconds(Math.Max(0, nowMs - at)) : null;
}
