using Cluster.Grains.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Cluster.Grains;

/// <summary>
/// Orleans <see cref="IGatewayGrain"/>: a shell around <see cref="GatewayBook"/> (the decisions) and
/// <see cref="GatewayStore"/> (what must survive the silo). Line leases and answered calls are written to Redis
/// before a call answers and read back at activation; CPS tokens and ASR/ACD buckets are memory only (a new
/// activation starts them full and empty). Each activation takes a fencing epoch, and every grant, answer and claim
/// is written only while that epoch holds: an activation superseded during a membership change is refused, refuses
/// the call and deactivates, so the line limit holds exactly even with two activations for a moment.
/// <para>
/// One timer per activation, every second: hangs up answered calls past their maximum duration (the silo's
/// <see cref="ICallHangup"/> sends the BYEs and releases both lines), starts the OPTIONS probe when due (the silo's
/// <see cref="IGatewayProber"/>; the result comes back as <see cref="ProbeResultAsync"/>), and every
/// <see cref="SweepInterval"/> frees expired leases. A reminder (while the gateway is provisioned or has answered
/// calls) reactivates the grain after its silo died; the timer's first tick, at activation, hangs up whatever became
/// overdue meanwhile. One activation acts for a gateway, so no lock is needed.
/// </para>
/// </summary>
// Reentrant: every decision is made on memory, synchronously, at the start of a turn, and the only awaits are the
// storage writes, so turns interleaving there cannot break a limit (a grant counts before its write and is undone
// if the write fails); one gateway then carries many calls in flight instead of one Redis round trip at a time.
[Reentrant]
internal sealed partial class GatewayGrain(
    GrainStore redis,
    GrainPolicySource policy,
    TimeProvider time,
    IGatewayProber prober,
    ICallHangup hangup,
    ILogger<GatewayGrain> log) : Grain, IGatewayGrain, IRemindable
{
    /// <summary>The timer's period: an answered call runs at most this much past its maximum duration.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>How often expired leases are freed (admission frees them itself at the limit).</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed call waits before it is claimed again, should its hang-up not release it.</summary>
    public static readonly TimeSpan ClaimTime = TimeSpan.FromSeconds(30);

    /// <summary>The safety-net reminder's period: how soon after its silo died a quiet gateway is active again.</summary>
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(10);

    private const string ReminderName = "gateway";
    private const int ClaimBatch = 200;

    private readonly GatewayBook _book = new();
    private GatewayStore _store = null!;
    private GatewayWriteQueue _queue = null!;
    private string _name = string.Empty;
    private long _epoch;
    private bool _stale;
    private IGrainTimer? _timer;
    private bool _ticking;
    private bool _reminded;
    private long _nextSweepMs;
    private long _nextProbeMs;
    private long _linesKeyUntilMs;
    private long _callsKeyUntilMs;
    private int _pendingWrites;
    private long _writes;

    // the vendors this (mapping) gateway admits and releases calls on: few, and GetGrain costs a reflection lookup
    private readonly Dictionary<string, IGatewayGrain> _peers = new(StringComparer.Ordinal);

    private GatewayLimits Limits => policy.Current.GatewayLimitsFor(_name);

    private bool Provisioned => policy.Current.Gateways.ContainsKey(_name);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = this.GetPrimaryKeyString();
        _store = new GatewayStore(redis, _name);

        // the epoch first: a write the previous activation made after this read would be refused
        _epoch = await _store.TakeEpochAsync().ConfigureAwait(true);
        _queue = new GatewayWriteQueue(_store, _epoch);
        await _store.LoadAsync(_book).ConfigureAwait(true);
        _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Tick) { KeepAlive = Provisioned || _book.AnsweredCount > 0 });
    }

    public Task<GatewayAdmitVerdict> AdmitAsync(string callId, DateTimeOffset now) => AdmitAsync(callId, now, requireOnline: false);

    public Task<GatewayAdmitVerdict> AdmitOnlineAsync(string callId, DateTimeOffset now) => AdmitAsync(callId, now, requireOnline: true);

    public async Task<CallAdmitVerdict> AdmitCallAsync(string callId, string vendor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(vendor);
        var mine = await AdmitAsync(callId, now, requireOnline: false).ConfigureAwait(true);
        if (!mine.HasLine)
        {
            return new CallAdmitVerdict(mine, null);
        }

        try
        {
            return new CallAdmitVerdict(mine, await Peer(vendor).AdmitOnlineAsync(callId, now).ConfigureAwait(true));
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or GrainUnavailableException)
        {
            // our line is held; the edge hears it and releases it, as when its own call to the vendor failed
            return new CallAdmitVerdict(mine, null, VendorUnreachable: true);
        }
    }

    private async Task<GatewayAdmitVerdict> AdmitAsync(string callId, DateTimeOffset now, bool requireOnline)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        if (_stale)
        {
            return new GatewayAdmitVerdict(GatewayAdmission.LinesFull, _book.LeaseCount);
        }

        var nowMs = now.ToUnixTimeMilliseconds();
        var verdict = _book.Admit(callId, nowMs, Limits, requireOnline, out var until);
        if (until == 0)
        {
            return verdict;
        }

        // the lines key must outlive the newest lease; its expiry is moved at most once a minute
        var keep = 0L;
        if (_linesKeyUntilMs < until)
        {
            _linesKeyUntilMs = until + 60_000;
            keep = _linesKeyUntilMs - nowMs;
        }

        bool stored;
        try
        {
            stored = await WriteAsync(GatewayStore.Grant(callId, until, keep)).ConfigureAwait(true);
        }
        catch
        {
            UndoGrant(verdict, callId, until);
            throw;
        }

        if (!stored)
        {
            UndoGrant(verdict, callId, until);
            StepDown("a lease grant");
            return verdict.Decision == GatewayAdmission.Admitted ? new GatewayAdmitVerdict(GatewayAdmission.LinesFull, verdict.LinesInUse - 1) : verdict;
        }

        return verdict;
    }

    private void UndoGrant(GatewayAdmitVerdict verdict, string callId, long until)
    {
        _linesKeyUntilMs = 0;
        if (verdict.Decision == GatewayAdmission.Admitted && _book.TryGetLease(callId, out var held) && held == until)
        {
            _book.RemoveLease(callId);
        }
    }

    public async Task<bool> ReleaseAsync(string callId, CallOutcome outcome, TimeSpan duration, DateTimeOffset now)
    {
        var removed = _book.Release(callId, outcome, (long)duration.TotalMilliseconds, now.ToUnixTimeMilliseconds(), Limits, out var wasAnswered);
        if (removed || wasAnswered)
        {
            await WriteAsync(GatewayStore.Release(callId, wasAnswered)).ConfigureAwait(true);
        }

        return removed;
    }

    public async Task ReleaseCallAsync(string callId, string vendor, CallOutcome outcome, TimeSpan duration, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(vendor);
        var theirs = Peer(vendor).ReleaseAsync(callId, outcome, duration, now);
        await ReleaseAsync(callId, outcome, duration, now).ConfigureAwait(true);
        await theirs.ConfigureAwait(true);
    }

    public Task<IReadOnlyList<string>> ListCallsAsync(int max) => Task.FromResult(_book.LeasedCalls(max));

    public async Task<bool> AnsweredAsync(AnsweredCall call, DateTimeOffset dueAt, TimeSpan grace, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (_stale)
        {
            return false;
        }

        var nowMs = now.ToUnixTimeMilliseconds();
        var dueMs = dueAt.ToUnixTimeMilliseconds();
        var leaseUntil = dueMs + (long)grace.TotalMilliseconds;
        if (!_book.Answer(call, dueMs, (long)grace.TotalMilliseconds, out var previousLease))
        {
            return false;
        }

        // every key must outlive the newest lease; moved 10 minutes further when short, so at thousands of answers
        // a second the expiries are touched once in 10 minutes, not every call
        long linesKeep = 0, callsKeep = 0;
        if (_callsKeyUntilMs < leaseUntil + 60_000)
        {
            _callsKeyUntilMs = leaseUntil + 660_000;
            callsKeep = _callsKeyUntilMs - nowMs;
            if (_linesKeyUntilMs < _callsKeyUntilMs)
            {
                _linesKeyUntilMs = _callsKeyUntilMs;
                linesKeep = callsKeep;
            }
        }

        bool stored;
        try
        {
            stored = await WriteAsync(GatewayStore.Answer(call, leaseUntil, dueMs, linesKeep, callsKeep)).ConfigureAwait(true);
        }
        catch
        {
            UndoAnswer(call.CallId, leaseUntil, previousLease);
            throw;
        }

        if (!stored)
        {
            UndoAnswer(call.CallId, leaseUntil, previousLease);
            StepDown("an answered call");
            return false;
        }

        return true;
    }

    private void UndoAnswer(string callId, long leaseUntil, long previousLease)
    {
        (_linesKeyUntilMs, _callsKeyUntilMs) = (0, 0);
        _book.RemoveAnswered(callId);
        if (_book.TryGetLease(callId, out var held) && held == leaseUntil)
        {
            _book.SetLease(callId, previousLease);
        }
    }

    public Task<IReadOnlyList<AnsweredCall>> ClaimOverdueAsync(DateTimeOffset now, TimeSpan retryAfter, int max) =>
        ClaimAsync(now.ToUnixTimeMilliseconds(), (long)retryAfter.TotalMilliseconds, max);

    private async Task<IReadOnlyList<AnsweredCall>> ClaimAsync(long nowMs, long retryMs, int max)
    {
        if (_stale)
        {
            return [];
        }

        var (claimed, forgotten) = _book.ClaimOverdue(nowMs, retryMs, max);
        if (forgotten.Count > 0)
        {
            await WriteAsync(GatewayStore.Forget(forgotten)).ConfigureAwait(true);
        }

        if (claimed.Count > 0 && !await WriteAsync(GatewayStore.Reschedule(claimed.Select(c => (c.CallId, nowMs + retryMs)))).ConfigureAwait(true))
        {
            StepDown("a hang-up claim");
            return [];
        }

        return claimed;
    }

    public Task<IReadOnlyList<DueCall>> ListAnsweredAsync(DateTimeOffset now, int max) =>
        Task.FromResult<IReadOnlyList<DueCall>>(_book.ListAnswered(max));

    public async Task<ProbeVerdict> ProbeResultAsync(bool ok, TimeSpan rtt, DateTimeOffset now)
    {
        var l = Limits;
        var verdict = _book.Probe(ok, (long)rtt.TotalMilliseconds, now.ToUnixTimeMilliseconds(), l);

        // kept so a new activation knows the vendor is down; statistics and probe state outlive the window, then go
        var keep = TimeSpan.FromMilliseconds(Math.Max(l.StatsBucket.TotalMilliseconds * (l.StatsBuckets + 1), 3_600_000));
        await WriteAsync(_store.SaveProbeAsync(_book.ProbeState, keep)).ConfigureAwait(true);
        return verdict;
    }

    public Task<GatewayStats> StatsAsync(DateTimeOffset now) => Task.FromResult(_book.Stats(_name, now.ToUnixTimeMilliseconds(), Limits));

    public async Task<int> ExpireLeasesAsync(DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var freed = _book.ExpireLeases(nowMs);
        await WriteAsync(_store.ExpireAsync(nowMs)).ConfigureAwait(true);
        return freed;
    }

    public Task PingAsync() => Task.CompletedTask;

    // leases, answers, claims and releases go through the activation's group commit
    private Task<bool> WriteAsync(GatewayWrite write) => WriteAsync(_queue.WriteAsync(write));

    private async Task<T> WriteAsync<T>(Task<T> write)
    {
        _writes++;
        _pendingWrites++;
        try
        {
            return await write.ConfigureAwait(true);
        }
        finally
        {
            _pendingWrites--;
        }
    }

    private async Task WriteAsync(Task write)
    {
        _writes++;
        _pendingWrites++;
        try
        {
            await write.ConfigureAwait(true);
        }
        finally
        {
            _pendingWrites--;
        }
    }

    private IGatewayGrain Peer(string name)
    {
        if (!_peers.TryGetValue(name, out var peer))
        {
            peer = GrainFactory.GetGrain<IGatewayGrain>(name);
            if (_peers.Count < 1_000)
            {
                _peers[name] = peer;
            }
        }

        return peer;
    }

    /// <summary>A newer activation holds the epoch: this one refuses from now on and goes.</summary>
    private void StepDown(string what)
    {
        if (!_stale)
        {
            _stale = true;
            _timer?.Dispose();
            GatewayLog.SteppedDown(log, _name, what, _epoch);
            DeactivateOnIdle();
        }
    }
}
