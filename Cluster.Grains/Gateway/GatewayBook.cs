namespace Cluster.Grains;

/// <summary>
/// Every decision of a gateway grain, on memory and without I/O (the rules gateway.lua had, line for line), so
/// tests call it directly with any clock. Times are Unix milliseconds. The grain makes durable what a call
/// changed in the lease and answered-call tables before it answers; the rest (CPS bucket, ASR/ACD buckets) is
/// memory only.
/// <list type="bullet">
/// <item>A line is a lease scored by its expiry; the count includes expired leases until the limit is reached,
/// then they are purged and the count made exact (the grain's timer purges the rest).</item>
/// <item>A retransmitted INVITE of a call that holds a line renews it and counts nothing
/// (<see cref="GatewayAdmission.AlreadyAdmitted"/>), even at the limit.</item>
/// <item>CPS is a token bucket in millitokens (burst = one second's worth by default), taken after the line; a
/// refusal stores nothing, so the refill is recomputed from the last stamp.</item>
/// <item>Online flips only after <see cref="GatewayLimits.ProbeDownAfter"/> misses or
/// <see cref="GatewayLimits.ProbeUpAfter"/> answers in a row; never probed counts as online.</item>
/// </list>
/// </summary>
internal sealed class GatewayBook
{
    private readonly Dictionary<string, long> _leases = new(StringComparer.Ordinal);
    private readonly SortedSet<(long At, string CallId)> _leasesByExpiry = new(ByTimeThenCallId.Instance);
    private readonly Dictionary<string, (AnsweredCall Call, long DueMs)> _answered = new(StringComparer.Ordinal);
    private readonly SortedSet<(long At, string CallId)> _answeredByDue = new(ByTimeThenCallId.Instance);

    private long _tokens = -1;
    private long _stamp;
    private long _second;
    private int _admittedInSecond;
    private StatsSlot[] _slots = [];

    private bool _online = true;
    private int _failures;
    private int _successes;
    private long _lastRttMs = -1;
    private long _lastProbeMs;

    /// <summary>Leases held, expired ones not yet purged included (what <c>ZCARD gw:{name}:lines</c> says).</summary>
    public int LeaseCount => _leases.Count;

    public int AnsweredCount => _answered.Count;

    public bool Online => _online;

    public bool TryGetLease(string callId, out long expiresMs) => _leases.TryGetValue(callId, out expiresMs);

    /// <summary>The calls holding a line (their ids), at most <paramref name="max"/>.</summary>
    public IReadOnlyList<string> LeasedCalls(int max) => _leases.Keys.Take(max).ToList();

    /// <summary>The soonest due answered call's due time, or null.</summary>
    public long? EarliestDueMs => _answeredByDue.Count > 0 ? _answeredByDue.Min.At : null;

    public IEnumerable<(AnsweredCall Call, long DueMs)> Answered => _answered.Values;

    public void SetLease(string callId, long expiresMs)
    {
        if (_leases.TryGetValue(callId, out var old))
        {
            _leasesByExpiry.Remove((old, callId));
        }

        _leases[callId] = expiresMs;
        _leasesByExpiry.Add((expiresMs, callId));
    }

    public bool RemoveLease(string callId)
    {
        if (!_leases.Remove(callId, out var old))
        {
            return false;
        }

        _leasesByExpiry.Remove((old, callId));
        return true;
    }

    public void SetAnswered(AnsweredCall call, long dueMs)
    {
        RemoveAnswered(call.CallId);
        _answered[call.CallId] = (call, dueMs);
        _answeredByDue.Add((dueMs, call.CallId));
    }

    public bool RemoveAnswered(string callId)
    {
        if (!_answered.Remove(callId, out var old))
        {
            return false;
        }

        _answeredByDue.Remove((old.DueMs, callId));
        return true;
    }

    public void ClearLeases()
    {
        _leases.Clear();
        _leasesByExpiry.Clear();
    }

    public void ClearAnswered()
    {
        _answered.Clear();
        _answeredByDue.Clear();
    }

    /// <summary>Probe state read back from storage at activation.</summary>
    public void LoadProbe(bool online, int failures, int successes, long lastRttMs, long lastProbeMs)
    {
        _online = online;
        _failures = failures;
        _successes = successes;
        _lastRttMs = lastRttMs;
        _lastProbeMs = lastProbeMs;
    }

    /// <summary>
    /// Admission. <paramref name="leaseUntilMs"/> is the lease expiry to store when the verdict took or renewed a line
    /// (<see cref="GatewayAdmission.Admitted"/>, or <see cref="GatewayAdmission.AlreadyAdmitted"/> below the limit), else 0.
    /// </summary>
    public GatewayAdmitVerdict Admit(string callId, long nowMs, GatewayLimits l, bool requireOnline, out long leaseUntilMs)
    {
        leaseUntilMs = 0;
        if (requireOnline && !_online)
        {
            return new GatewayAdmitVerdict(GatewayAdmission.Offline, _leases.Count);
        }

        var inUse = _leases.Count;
        if (l.LineLimit > 0 && inUse >= l.LineLimit)
        {
            ExpireLeases(nowMs);
            inUse = _leases.Count;
            if (inUse >= l.LineLimit)
            {
                return new GatewayAdmitVerdict(
                    _leases.ContainsKey(callId) ? GatewayAdmission.AlreadyAdmitted : GatewayAdmission.LinesFull, inUse);
            }
        }

        var until = nowMs + (long)l.LeaseTime.TotalMilliseconds;
        if (_leases.ContainsKey(callId))
        {
            SetLease(callId, until);
            leaseUntilMs = until;
            return new GatewayAdmitVerdict(GatewayAdmission.AlreadyAdmitted, inUse);
        }

        if (l.CpsLimit > 0)
        {
            var cap = (long)l.EffectiveCpsBurst * 1000;
            var tokens = _tokens;
            var stamp = _stamp;
            if (tokens < 0)
            {
                (tokens, stamp) = (cap, nowMs);
            }

            if (nowMs > stamp)
            {
                tokens = Math.Min(cap, tokens + (long)Math.Floor((nowMs - stamp) * l.CpsLimit));
                stamp = nowMs;
            }

            if (tokens < 1000)
            {
                // nothing to store: the refill is recomputed from the old stamp next time
                return new GatewayAdmitVerdict(GatewayAdmission.CpsExceeded, inUse);
            }

            (_tokens, _stamp) = (tokens - 1000, stamp);
        }

        var second = FloorDiv(nowMs, 1000);
        if (_second == second)
        {
            _admittedInSecond++;
        }
        else
        {
            (_second, _admittedInSecond) = (second, 1);
        }

        SetLease(callId, until);
        leaseUntilMs = until;
        return new GatewayAdmitVerdict(GatewayAdmission.Admitted, inUse + 1);
    }

    /// <summary>Frees the call's line (and forgets its answered record); counts the outcome when it held a line.</summary>
    public bool Release(string callId, CallOutcome outcome, long durationMs, long nowMs, GatewayLimits l, out bool wasAnswered)
    {
        var removed = RemoveLease(callId);
        wasAnswered = RemoveAnswered(callId);
        if (removed)
        {
            var bucketMs = Math.Max(1, (long)l.StatsBucket.TotalMilliseconds);
            var n = Math.Max(1, l.StatsBuckets);
            if (_slots.Length != n)
            {
                _slots = NewSlots(n);
            }

            var b = FloorDiv(nowMs, bucketMs);
            ref var slot = ref _slots[(int)(((b % n) + n) % n)];
            if (slot.Bucket != b)
            {
                slot = new StatsSlot { Bucket = b };
            }

            slot.Attempts++;
            if (outcome == CallOutcome.Answered)
            {
                slot.Answered++;
                slot.DurationMs += durationMs;
            }
        }

        return removed;
    }

    /// <summary>
    /// Records an answered call: its line is kept until due + grace. False when the call holds no line (a BYE
    /// overtook the answer). <paramref name="previousLeaseMs"/> is what to restore should the write fail.
    /// </summary>
    public bool Answer(AnsweredCall call, long dueMs, long graceMs, out long previousLeaseMs)
    {
        if (!_leases.TryGetValue(call.CallId, out previousLeaseMs))
        {
            return false;
        }

        SetLease(call.CallId, dueMs + graceMs);
        SetAnswered(call, dueMs);
        return true;
    }

    /// <summary>
    /// Answered calls due by <paramref name="nowMs"/>, soonest first, at most <paramref name="max"/> looked at: those still
    /// holding a line are claimed (due again after <paramref name="retryMs"/>), the others forgotten.
    /// </summary>
    public (List<AnsweredCall> Claimed, List<string> Forgotten) ClaimOverdue(long nowMs, long retryMs, int max)
    {
        var due = new List<string>();
        foreach (var (at, callId) in _answeredByDue)
        {
            if (at > nowMs || due.Count >= max)
            {
                break;
            }

            due.Add(callId);
        }

        var claimed = new List<AnsweredCall>(due.Count);
        var forgotten = new List<string>();
        foreach (var callId in due)
        {
            var call = _answered[callId].Call;
            if (_leases.ContainsKey(callId))
            {
                SetAnswered(call, nowMs + retryMs);
                claimed.Add(call);
            }
            else
            {
                RemoveAnswered(callId);
                forgotten.Add(callId);
            }
        }

        return (claimed, forgotten);
    }

    public List<DueCall> ListAnswered(int max)
    {
        var list = new List<DueCall>(Math.Min(Math.Max(0, max), _answeredByDue.Count));
        foreach (var (at, callId) in _answeredByDue)
        {
            if (list.Count >= max)
            {
                break;
            }

            list.Add(new DueCall(_answered[callId].Call, DateTimeOffset.FromUnixTimeMilliseconds(at)));
        }

        return list;
    }

    public ProbeVerdict Probe(bool ok, long rttMs, long nowMs, GatewayLimits l)
    {
        if (ok)
        {
            (_successes, _failures) = (_successes + 1, 0);
        }
        else
        {
            (_failures, _successes) = (_failures + 1, 0);
        }

        var changed = false;
        if (_online && _failures >= l.ProbeDownAfter)
        {
            (_online, changed) = (false, true);
        }
        else if (!_online && _successes >= l.ProbeUpAfter)
        {
            (_online, changed) = (true, true);
        }

        (_lastRttMs, _lastProbeMs) = (rttMs, nowMs);
        return new ProbeVerdict(_online, changed, _failures, _successes);
    }

    /// <summary>The probe state to store: online, consecutive failures and successes, last RTT and when.</summary>
    public (bool Online, int Failures, int Successes, long LastRttMs, long LastProbeMs) ProbeState =>
        (_online, _failures, _successes, _lastRttMs, _lastProbeMs);

    /// <summary>Leases that have not expired at <paramref name="nowMs"/>. O(expired) beyond the lease count.</summary>
    public int LiveLeases(long nowMs)
    {
        var expired = 0;
        foreach (var (at, _) in _leasesByExpiry)
        {
            if (at > nowMs)
            {
                break;
            }

            expired++;
        }

        return _leases.Count - expired;
    }

    public GatewayStats Stats(string name, long nowMs, GatewayLimits l)
    {
        var bucketMs = Math.Max(1, (long)l.StatsBucket.TotalMilliseconds);
        var n = Math.Max(1, l.StatsBuckets);
        var b = FloorDiv(nowMs, bucketMs);
        long attempts = 0, answered = 0, duration = 0;
        foreach (var slot in _slots)
        {
            if (slot.Bucket != long.MinValue && slot.Bucket > b - n && slot.Bucket <= b)
            {
                attempts += slot.Attempts;
                answered += slot.Answered;
                duration += slot.DurationMs;
            }
        }

        var cps = _second == FloorDiv(nowMs, 1000) ? _admittedInSecond : 0;
        return new GatewayStats(
            name,
            LiveLeases(nowMs),
            l.LineLimit,
            l.CpsLimit,
            cps,
            attempts,
            answered,
            CallQuality.Asr(attempts, answered),
            CallQuality.Acd(answered, duration),
            _online,
            _lastRttMs >= 0 ? TimeSpan.FromMilliseconds(_lastRttMs) : null,
            _lastProbeMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(_lastProbeMs) : null);
    }

    /// <summary>Frees leases whose expiry is at or before <paramref name="nowMs"/>; returns how many.</summary>
    public int ExpireLeases(long nowMs)
    {
        var freed = 0;
        while (_leasesByExpiry.Count > 0 && _leasesByExpiry.Min.At <= nowMs)
        {
            var (_, callId) = _leasesByExpiry.Min;
            _leasesByExpiry.Remove(_leasesByExpiry.Min);
            _leases.Remove(callId);
            freed++;
        }

        return freed;
    }

    private static StatsSlot[] NewSlots(int n)
    {
        var slots = new StatsSlot[n];
        Array.Fill(slots, new StatsSlot { Bucket = long.MinValue });
        return slots;
    }

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}
