using System.Globalization;
using Cluster.Grains.Hosting;
using Cluster.Grains.Storage;
using StackExchange.Redis;

namespace Cluster.Grains;

/// <summary>
/// A gateway grain's durable state in Redis, in the layout the Lua turns had (one hash tag, one slot):
/// <c>gw:{name}:lines</c> sorted set Call-ID → lease expiry (ms), <c>gw:{name}:due</c> sorted set Call-ID → when the
/// answered call is due for hang-up, <c>gw:{name}:calls</c> hash Call-ID → the answered call's dialog record
/// (<see cref="AnsweredCall.Encode"/>), <c>gw:{name}</c> hash of probe state (on, pf, ps, pr, pt), and
/// <c>gw:{name}:epoch</c>, the fencing counter each activation increments. Grants, answers and claims are fenced:
/// applied only while the epoch is the writer's, so an activation that a newer one superseded (two activations
/// during a membership change) cannot grant a line. Removals (release, expiry) are not fenced: they can only lower
/// the count, and the live activation re-reads the table when its count disagrees (<see cref="CountAsync"/>).
/// Writes are <see cref="GatewayWrite"/>s applied in batches (<see cref="GatewayWriteQueue"/>) by one script.
/// </summary>
internal sealed class GatewayStore(GrainStore store, string name)
{
    // The batch write. It is the storage, not the grain's logic (every decision was made in C# before it runs):
    // ARGV[1] epoch, then triples op, member, value, applied in order. Fenced ops, applied only while the epoch is
    // the writer's: L = ZADD lines, D = ZADD due, C = HSET calls, X = PEXPIRE (member l, d or c; value ms).
    // Removals, always applied: R = ZREM lines, A = ZREM due + HDEL calls. Returns 1 when the epoch held.
    private const string BatchScript = """
        local held = redis.call('GET', KEYS[1]) == ARGV[1]
        for i = 2, #ARGV, 3 do
          local op, m, v = ARGV[i], ARGV[i + 1], ARGV[i + 2]
          if op == 'R' then redis.call('ZREM', KEYS[2], m)
          elseif op == 'A' then redis.call('ZREM', KEYS[3], m); redis.call('HDEL', KEYS[4], m)
          elseif held then
            if op == 'L' then redis.call('ZADD', KEYS[2], v, m)
            elseif op == 'D' then redis.call('ZADD', KEYS[3], v, m)
            elseif op == 'C' then redis.call('HSET', KEYS[4], m, v)
            elseif op == 'X' then redis.call('PEXPIRE', KEYS[m == 'l' and 2 or (m == 'd' and 3 or 4)], v) end
          end
        end
        return held and 1 or 0
        """;

    private readonly string _grain = GrainKeys.Gateway(name)!;
    private readonly RedisKey _probe = GrainKeys.Gateway(name);
    private readonly RedisKey _lines = GrainKeys.GatewayLines(name);
    private readonly RedisKey _due = GrainKeys.GatewayDueCalls(name);
    private readonly RedisKey _calls = GrainKeys.GatewayCalls(name);
    private readonly RedisKey _epoch = GrainKeys.Gateway(name).Append(":epoch");
    private RedisKey[] Fenced => [_epoch, _lines, _due, _calls];

    /// <summary>Takes this activation's epoch: every write of an older activation is refused from now on.</summary>
    public Task<long> TakeEpochAsync() => store.RunAsync(_grain, db => db.StringIncrementAsync(_epoch));

    /// <summary>Reads leases, answered calls and probe state into <paramref name="book"/> (after the epoch is taken).</summary>
    public async Task LoadAsync(GatewayBook book)
    {
        await LoadLeasesAsync(book).ConfigureAwait(false);
        await LoadAnsweredAsync(book).ConfigureAwait(false);
        var p = await store.RunAsync(_grain, db => db.HashGetAsync(_probe, ["on", "pf", "ps", "pr", "pt"])).ConfigureAwait(false);
        if (!p[0].IsNull)
        {
            book.LoadProbe((string?)p[0] != "0", (int)Long(p[1]), (int)Long(p[2]), p[3].IsNull ? -1 : Long(p[3]), Long(p[4]));
        }
    }

    public async Task LoadLeasesAsync(GatewayBook book) => ApplyLeases(book, await ReadLeasesAsync().ConfigureAwait(false));

    public async Task LoadAnsweredAsync(GatewayBook book) => ApplyAnswered(book, await ReadAnsweredAsync().ConfigureAwait(false));

    public Task<SortedSetEntry[]> ReadLeasesAsync() => store.RunAsync(_grain, db => db.SortedSetRangeByRankWithScoresAsync(_lines));

    public Task<(SortedSetEntry[] Due, HashEntry[] Calls)> ReadAnsweredAsync() =>
        store.RunAsync(_grain, async db =>
        {
            var d = db.SortedSetRangeByRankWithScoresAsync(_due);
            var c = db.HashGetAllAsync(_calls);
            return (await d.ConfigureAwait(false), await c.ConfigureAwait(false));
        });

    public static void ApplyLeases(GatewayBook book, SortedSetEntry[] leases)
    {
        book.ClearLeases();
        foreach (var lease in leases)
        {
            book.SetLease(lease.Element!, (long)lease.Score);
        }
    }

    public static void ApplyAnswered(GatewayBook book, (SortedSetEntry[] Due, HashEntry[] Calls) stored)
    {
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in stored.Calls)
        {
            records[c.Name!] = c.Value!;
        }

        book.ClearAnswered();
        foreach (var d in stored.Due)
        {
            if (records.TryGetValue(d.Element!, out var record) && AnsweredCall.Decode(record) is { } call)
            {
                book.SetAnswered(call, (long)d.Score);
            }
        }
    }

    /// <summary>A lease (grant or renewal); <paramref name="keepMs"/> &gt; 0 also moves the key's expiry. Fenced.</summary>
    public static GatewayWrite Grant(string callId, long untilMs, long keepMs)
    {
        var write = new GatewayWrite(fenced: true).Add("L", callId, untilMs);
        return keepMs > 0 ? write.Add("X", "l", keepMs) : write;
    }

    /// <summary>An answered call: its longer lease, its due time and record. Fenced.</summary>
    public static GatewayWrite Answer(AnsweredCall call, long leaseUntilMs, long dueMs, long linesKeepMs, long callsKeepMs)
    {
        var write = new GatewayWrite(fenced: true).Add("L", call.CallId, leaseUntilMs).Add("D", call.CallId, dueMs).Add("C", call.CallId, call.Encode());
        if (linesKeepMs > 0)
        {
            write.Add("X", "l", linesKeepMs);
        }

        return callsKeepMs > 0 ? write.Add("X", "d", callsKeepMs).Add("X", "c", callsKeepMs) : write;
    }

    /// <summary>Answered calls' new due times (a claim, an operator's hang-up). Fenced.</summary>
    public static GatewayWrite Reschedule(IEnumerable<(string CallId, long DueMs)> calls)
    {
        var write = new GatewayWrite(fenced: true);
        foreach (var (callId, dueMs) in calls)
        {
            write.Add("D", callId, dueMs);
        }

        return write;
    }

    /// <summary>Frees a call's line and, when it was answered, its record.</summary>
    public static GatewayWrite Release(string callId, bool answered)
    {
        var write = new GatewayWrite(fenced: false).Add("R", callId, 0);
        return answered ? write.Add("A", callId, 0) : write;
    }

    /// <summary>Forgets answered calls whose lines are gone.</summary>
    public static GatewayWrite Forget(IReadOnlyList<string> callIds)
    {
        var write = new GatewayWrite(fenced: false);
        foreach (var callId in callIds)
        {
            write.Add("A", callId, 0);
        }

        return write;
    }

    /// <summary>Applies writes in order in one script call. False when a newer activation holds the epoch (fenced ops skipped).</summary>
    public Task<bool> ApplyAsync(long epoch, IReadOnlyList<GatewayWrite> writes)
    {
        var args = new RedisValue[1 + writes.Sum(w => w.Ops.Count)];
        args[0] = epoch;
        var i = 1;
        foreach (var write in writes)
        {
            write.Ops.CopyTo(args, i);
            i += write.Ops.Count;
        }

        return store.RunAsync(_grain, async db => (long)await db.ScriptEvaluateAsync(BatchScript, Fenced, args).ConfigureAwait(false) == 1);
    }

    /// <summary>Removes leases expired at <paramref name="nowMs"/>.</summary>
    public Task<long> ExpireAsync(long nowMs) =>
        store.RunAsync(_grain, db => db.SortedSetRemoveRangeByScoreAsync(_lines, double.NegativeInfinity, nowMs));

    /// <summary>How many leases and answered calls storage holds: the live activation compares them with its own.</summary>
    public Task<(long Lines, long Due)> CountAsync() =>
        store.RunAsync(_grain, async db =>
        {
            var lines = db.SortedSetLengthAsync(_lines);
            var due = db.SortedSetLengthAsync(_due);
            return (await lines.ConfigureAwait(false), await due.ConfigureAwait(false));
        });

    public Task SaveProbeAsync((bool Online, int Failures, int Successes, long LastRttMs, long LastProbeMs) p, TimeSpan keep) =>
        store.RunAsync(_grain, async db =>
        {
            var set = db.HashSetAsync(_probe,
            [
                new("on", p.Online ? 1 : 0), new("pf", p.Failures), new("ps", p.Successes), new("pr", p.LastRttMs), new("pt", p.LastProbeMs),
            ]);
            var expire = db.KeyExpireAsync(_probe, keep);
            await Task.WhenAll(set, expire).ConfigureAwait(false);
        });

    private static long Long(RedisValue v) =>
        v.IsNull ? 0 : long.TryParse((string?)v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
