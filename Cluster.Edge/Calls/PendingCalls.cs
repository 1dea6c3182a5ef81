using System.Collections.Concurrent;

namespace Cluster.Edge.Calls;

/// <summary>INVITEs being routed on this edge, by the customer's Via branch and Call-ID (what its CANCEL repeats).</summary>
public sealed class PendingCalls
{
    private readonly ConcurrentDictionary<string, PendingCall> _calls = new(StringComparer.Ordinal);

    public int Count => _calls.Count;

    public static string KeyOf(ReadOnlySpan<byte> branch, ReadOnlySpan<byte> callId) =>
        string.Concat(System.Text.Encoding.ASCII.GetString(branch), "|", System.Text.Encoding.ASCII.GetString(callId));

    public PendingCall Add(string key) => _calls[key] = new PendingCall();

    public void Remove(string key) => _calls.TryRemove(key, out _);

    public bool TryGet(string key, out PendingCall? call) => _calls.TryGetValue(key, out call);
}
