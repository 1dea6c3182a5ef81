using Cluster.Grains.Hosting;
using Cluster.Grains.Storage;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>
/// Orleans <see cref="ISourceShardGrain"/>: a table of 16-byte address key → <see cref="SourceIpEntry"/> (~130 bytes
/// a source with the table's own overhead). Durable: one Redis hash per shard, <c>ip:{shard-N}</c>, field = address
/// key, value = <see cref="SourceIpRecord"/>; written (HSET) before a block or an auth-failure count is answered,
/// read (HGETALL) at activation. Forgotten entries are swept (their records HDEL'd) as the shard is used, and by a
/// timer when it is not, so a flood from 100k addresses returns to baseline by itself.
/// </summary>
internal sealed class SourceShardGrain(GrainStore store, GrainPolicySource policy, IChangeAnnouncer changes, TimeProvider time)
    : Grain, ISourceShardGrain
{
    /// <summary>How often, in the callers' time, the table is swept as it is used.</summary>
    private const long SweepEveryMs = 10_000;

    private static readonly TimeSpan s_timerPeriod = TimeSpan.FromSeconds(10);

    private readonly Dictionary<UInt128, SourceIpEntry> _entries = [];
    private string _key = string.Empty;
    private long _nextSweepMs;
    private long _lastSweepMs = long.MinValue;

    // the latest caller's clock and when it was seen, so the timer sweeps in the callers' time, not the silo's
    private long _lastNowMs;
    private long _lastNowStamp;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = GrainKeys.SourceShard(this.GetPrimaryKeyLong());
        var records = await store.RunAsync(_key, db => db.HashGetAllAsync(_key));
        foreach (var record in records)
        {
            var field = (byte[]?)record.Name;
            if (field is { Length: 16 } && SourceIpRecord.TryUnpack((byte[])record.Value!, out var entry))
            {
                _entries[SourceAddress.Read(field)] = entry;
            }
        }

        _lastNowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        _lastNowStamp = time.GetTimestamp();
        this.RegisterGrainTimer(SweepFromTimerAsync, new GrainTimerCreationOptions(s_timerPeriod, s_timerPeriod) { KeepAlive = false });
    }

    public async Task<SourceIpVerdict> AdmitAsync(UInt128 address, SipRequestKind kind, DateTimeOffset now)
    {
        var nowMs = Seen(now);
        await SweepAsync(nowMs);
        var entry = Lookup(address, nowMs);
        var verdict = SourceIpRules.Admit(ref entry, kind, policy.Current.SourceIp, nowMs, out var durable);
        await CommitAsync(address, entry, durable);
        return verdict;
    }

    public async Task<SourceIpVerdict> AuthFailedAsync(UInt128 address, DateTimeOffset now)
    {
        var nowMs = Seen(now);
        await SweepAsync(nowMs);
        var entry = Lookup(address, nowMs);
        var verdict = SourceIpRules.AuthFailed(ref entry, policy.Current.SourceIp, nowMs, out var durable);
        await CommitAsync(address, entry, durable);
        return verdict;
    }

    public async Task<SourceIpVerdict> BlockAsync(UInt128 address, DateTimeOffset until, BlockReason reason, DateTimeOffset now)
    {
        var nowMs = Seen(now);
        var entry = Lookup(address, nowMs);
        var verdict = SourceIpRules.Block(ref entry, until.ToUnixTimeMilliseconds(), reason, policy.Current.SourceIp, nowMs);
        await CommitAsync(address, entry, durable: true);
        return verdict;
    }

    public async Task<bool> UnblockAsync(UInt128 address, DateTimeOffset now)
    {
        var nowMs = Seen(now);
        var was = _entries.TryGetValue(address, out var entry) && SourceIpRules.Current(entry, nowMs).BlockedUntilMs > nowMs;

        // Forgets the block and what led to it: the source starts again with full buckets. The block it served was
        // the punishment, and the operator who lifted it expects the source to work at once.
        await store.RunAsync(_key, db => db.HashDeleteAsync(_key, SourceIpRecord.Field(address)));
        _entries.Remove(address);
        await changes.AnnounceAsync("unblock ip " + SourceAddress.TextOf(address));
        return was;
    }

    public Task<SourceIpState> GetAsync(UInt128 address, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var entry = _entries.TryGetValue(address, out var e) ? SourceIpRules.Current(e, nowMs) : SourceIpEntry.Fresh;
        return Task.FromResult(View(address, entry, nowMs));
    }

    public async Task<SourceIpTop> TopAsync(int count, DateTimeOffset now)
    {
        var nowMs = Seen(now);
        await SweepAsync(nowMs, force: true);
        var sources = new List<SourceIpState>();
        foreach (var (address, entry) in _entries)
        {
            if (!SourceIpRules.IsForgotten(entry, nowMs))
            {
                sources.Add(View(address, entry, nowMs));
            }
        }

        return new SourceIpTop(_entries.Count, SourceIpRanking.Rank(sources, count));
    }

    public async Task<SourceIpCensus> CensusAsync(DateTimeOffset now)
    {
        var nowMs = Seen(now);
        await SweepAsync(nowMs, force: true);
        var blocked = 0;
        foreach (var entry in _entries.Values)
        {
            if (entry.BlockedUntilMs > nowMs)
            {
                blocked++;
            }
        }

        return new SourceIpCensus(_entries.Count, blocked);
    }

    private SourceIpState View(UInt128 address, in SourceIpEntry entry, long nowMs)
    {
        var p = policy.Current.SourceIp;
        var ip = SourceAddress.AddressOf(address);
        return SourceIpRules.View(entry, ip.ToString(), p.Trusted.Contains(ip), p, nowMs);
    }

    private SourceIpEntry Lookup(UInt128 address, long nowMs) =>
        _entries.TryGetValue(address, out var entry) ? SourceIpRules.Current(entry, nowMs) : SourceIpEntry.Fresh;

    /// <summary>Stores the entry; a durable change is written to Redis first, so a failed write changes nothing here.</summary>
    private async Task CommitAsync(UInt128 address, SourceIpEntry entry, bool durable)
    {
        if (durable)
        {
            var value = SourceIpRecord.Pack(entry);
            await store.RunAsync(_key, db => db.HashSetAsync(_key, SourceIpRecord.Field(address), value));
            entry.Stored = true;
        }

        _entries[address] = entry;
    }

    private long Seen(DateTimeOffset now)
    {
        _lastNowMs = now.ToUnixTimeMilliseconds();
        _lastNowStamp = time.GetTimestamp();
        return _lastNowMs;
    }

    // With no call for a while the callers' clock has moved on by about the silo's elapsed time.
    private Task SweepFromTimerAsync(CancellationToken cancellationToken) =>
        SweepAsync(_lastNowMs + (long)time.GetElapsedTime(_lastNowStamp).TotalMilliseconds);

    /// <summary>
    /// Drops forgotten entries, O(table) once per <see cref="SweepEveryMs"/> of the callers' time (or when their
    /// clock went back), and deletes their Redis records; shrinks the table after a flood has gone.
    /// </summary>
    private async Task SweepAsync(long nowMs, bool force = false)
    {
        if (!force && nowMs < _nextSweepMs && nowMs >= _lastSweepMs)
        {
            return;
        }

        _lastSweepMs = nowMs;
        _nextSweepMs = nowMs + SweepEveryMs;
        List<RedisValue>? stale = null;
        foreach (var (address, entry) in _entries)
        {
            if (SourceIpRules.IsForgotten(entry, nowMs))
            {
                _entries.Remove(address);
                if (entry.Stored)
                {
                    (stale ??= []).Add(SourceIpRecord.Field(address));
                }
            }
        }

        // a table does not shrink by itself: after a flood it would keep the flood's size
        var capacity = _entries.EnsureCapacity(0);
        if (capacity > 64 && _entries.Count < capacity / 4)
        {
            _entries.TrimExcess();
        }

        if (stale is not null)
        {
            try
            {
                await store.RunAsync(_key, db => db.HashDeleteAsync(_key, [.. stale]));
            }
            catch (GrainUnavailableException)
            {
                // the records stay; a later activation reads them as forgotten and sweeps them again
            }
        }
    }
}
