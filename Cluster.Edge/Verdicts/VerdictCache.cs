using System.Collections.Concurrent;
using System.Net;

namespace Cluster.Edge.Verdicts;

/// <summary>
/// This edge's copy of grain verdicts that make traffic worthless: blocked source addresses and
/// suspended endpoints, each with its expiry. A hit drops the request with no grain call. Entries come
/// from grain answers seen here and from <c>cluster:changes</c> messages of other edges and the silo, so an
/// admin unblock empties every edge at once. Bounded: past <see cref="Capacity"/> expired entries are
/// purged and, if still full, new entries are not cached (the grain stays the authority).
/// </summary>
public sealed class VerdictCache(int capacity = 100_000)
{
    private readonly ConcurrentDictionary<IPAddress, long> _blockedUntil = new();
    private readonly ConcurrentDictionary<string, long> _suspendedUntil = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity;

    public int BlockedCount => _blockedUntil.Count;

    public int SuspendedCount => _suspendedUntil.Count;

    public bool IsBlocked(IPAddress address, long nowMs) => IsLive(_blockedUntil, address, nowMs);

    public bool IsSuspended(string user, long nowMs) => IsLive(_suspendedUntil, user, nowMs);

    public void Block(IPAddress address, long untilMs, long nowMs) => Put(_blockedUntil, address, untilMs, nowMs);

    public void Suspend(string user, long untilMs, long nowMs) => Put(_suspendedUntil, user, untilMs, nowMs);

    public void Unblock(IPAddress address) => _blockedUntil.TryRemove(address, out _);

    /// <summary>Forgets every cached verdict (the announcements behind them may have been missed).</summary>
    public void Clear()
    {
        _blockedUntil.Clear();
        _suspendedUntil.Clear();
    }

    public void Unsuspend(string user) => _suspendedUntil.TryRemove(user, out _);

    /// <summary>Applies one <c>cluster:changes</c> message; unknown messages are ignored.</summary>
    public void Apply(ClusterChange change, long nowMs)
    {
        switch (change.Kind)
        {
            case ClusterChangeKind.Block when change.Address is not null:
                Block(change.Address, change.UntilMs, nowMs);
                break;
            case ClusterChangeKind.Unblock when change.Address is not null:
                Unblock(change.Address);
                break;
            case ClusterChangeKind.Suspend when change.User is not null:
                Suspend(change.User, change.UntilMs, nowMs);
                break;
            case ClusterChangeKind.Unsuspend when change.User is not null:
                Unsuspend(change.User);
                break;
        }
    }

    private static bool IsLive<TKey>(ConcurrentDictionary<TKey, long> entries, TKey key, long nowMs)
        where TKey : notnull
    {
        if (!entries.TryGetValue(key, out var until))
        {
            return false;
        }

        if (until > nowMs)
        {
            return true;
        }

        entries.TryRemove(KeyValuePair.Create(key, until));
        return false;
    }

    private void Put<TKey>(ConcurrentDictionary<TKey, long> entries, TKey key, long untilMs, long nowMs)
        where TKey : notnull
    {
        if (untilMs <= nowMs)
        {
            return;
        }

        if (entries.Count >= Capacity)
        {
            foreach (var (k, until) in entries)
            {
                if (until <= nowMs)
                {
                    entries.TryRemove(KeyValuePair.Create(k, until));
                }
            }

            if (entries.Count >= Capacity)
            {
                return;
            }
        }

        entries[key] = untilMs;
    }
}
