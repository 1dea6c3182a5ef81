namespace Cluster.Grains;

/// <summary>Orders (time, Call-ID) as a Redis sorted set does: by score, ties by the member's bytes.</summary>
internal sealed class ByTimeThenCallId : IComparer<(long At, string CallId)>
{
    public static ByTimeThenCallId Instance { get; } = new();

    public int Compare((long At, string CallId) x, (long At, string CallId) y)
    {
        var c = x.At.CompareTo(y.At);
        return c != 0 ? c : string.CompareOrdinal(x.CallId, y.CallId);
    }
}
