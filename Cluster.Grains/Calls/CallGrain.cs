using Cluster.Grains.Cdr;
using Cluster.Grains.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace Cluster.Grains.Calls;

/// <summary>
/// Orleans <see cref="ICallGrain"/>. Not reentrant: a CANCEL, an answer and a BYE of one call are taken one at a time,
/// so the call ends exactly once and its lines are released exactly once. Placed on the silo the edge's request
/// reaches (no extra hop); a ringing call lives in memory (an edge that dies mid-INVITE is covered by the routing
/// deadline timer), an answered one also in Redis, read back on the first request after its silo died.
/// </summary>
[PreferLocalPlacement]
internal sealed partial class CallGrain(GrainStore redis, TimeProvider time, ILogger<CallGrain> log) : Grain, ICallGrain
{
    /// <summary>How long an answered call's record outlives its maximum duration, should its hang-up never come.</summary>
    private static readonly TimeSpan RecordGrace = TimeSpan.FromMinutes(10);

    private CallStore _store = null!;
    private CallRecord? _call;
    private bool _loaded;
    private IGrainTimer? _deadline;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _store = new CallStore(redis);
        return Task.CompletedTask;
    }

    public async Task<CallOfferVerdict> OfferAsync(CallOffer offer)
    {
        // the same INVITE again (through another edge) is a duplicate; a new INVITE after the call ended is a new call.
        // Only memory is asked: a retransmission comes within seconds, while the grain is still active, and a fresh
        // activation is a new call (no Redis read per call).
        _loaded = true;
        if (_call is { } known
            && (known.State != CallState.Ended || offer.CustomerLeg.RemoteInviteCSeq <= known.CustomerLeg.RemoteInviteCSeq))
        {
            return new CallOfferVerdict(null, Duplicate: true);
        }

        var call = CallRecord.Of(Id, offer);
        _call = call;
        var mapping = Gateway(call.Customer);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(offer.InviteAtMs);
        CallAdmitVerdict admission;
        try
        {
            admission = offer.FirstVendor is { } first
                ? await mapping.AdmitCallAsync(Id, first.Vendor, now).ConfigureAwait(true)
                : new CallAdmitVerdict(await mapping.AdmitAsync(Id, now).ConfigureAwait(true), null);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or GrainUnavailableException)
        {
            // no line was granted that we know of; the edge answers 503 and ends the call with us
            admission = new CallAdmitVerdict(new GatewayAdmitVerdict(GatewayAdmission.LinesFull, 0), null, VendorUnreachable: true);
        }

        if (offer.FirstVendor is { } chosen && admission.Vendor is { HasLine: true })
        {
            call.Current = chosen;
            call.VendorLineHeld = true;
        }

        ArmDeadline(call);
        return new CallOfferVerdict(admission);
    }

    public async Task<NextVendorVerdict> NextVendorAsync(AttemptResult? ended, VendorChoice next)
    {
        if (await CallAsync().ConfigureAwait(true) is not { State: CallState.Trying } call)
        {
            return new NextVendorVerdict(null, Cancelled: true);
        }

        if (ended is not null)
        {
            await EndAttemptAsync(call, ended).ConfigureAwait(true);
        }

        if (call.Cancelled)
        {
            return new NextVendorVerdict(null, Cancelled: true);
        }

        ArmDeadline(call);
        var verdict = await Gateway(next.Vendor).AdmitOnlineAsync(Id, DateTimeOffset.FromUnixTimeMilliseconds(Now(call))).ConfigureAwait(true);
        if (verdict.HasLine)
        {
            call.Current = next;
            call.VendorLineHeld = true;
        }

        return new NextVendorVerdict(verdict, Cancelled: false);
    }

    public async Task<bool> AnsweredAsync(CallAnswer answer)
    {
        if (await CallAsync().ConfigureAwait(true) is not { State: CallState.Trying } call)
        {
            return false;
        }

        call.State = CallState.Answered;
        call.Current = answer.Vendor;
        call.VendorLineHeld = true;
        call.VendorLeg = answer.VendorLeg;
        call.AnsweredAtMs = answer.AnsweredAtMs;
        call.MaxDurationMs = answer.MaxDurationMs;
        call.DeadCallCheckMs = answer.DeadCallCheckMs;
        call.CodecsAnswered = answer.CodecsAnswered;
        if (call.ProgressAtMs == 0)
        {
            call.ProgressAtMs = answer.ProgressAtMs;
        }

        call.Attempts.Add(new VendorAttempt(answer.Vendor.Vendor, answer.Vendor.NumberSent, answer.AnsweredAtMs, 200));
        _deadline?.Dispose();
        _deadline = null;

        // durable before the caller hears the answer; the mapping gateway's timer ends it at its maximum duration
        await _store.SaveAsync(call, TimeSpan.FromMilliseconds(answer.MaxDurationMs) + RecordGrace).ConfigureAwait(true);
        var due = DateTimeOffset.FromUnixTimeMilliseconds(answer.AnsweredAtMs + answer.MaxDurationMs);
        await Gateway(call.Customer).AnsweredAsync(AnsweredRecord(call), due, TimeSpan.FromMinutes(1), DateTimeOffset.FromUnixTimeMilliseconds(answer.AnsweredAtMs)).ConfigureAwait(true);
        ArmLegChecks(call);
        return true;
    }

    public async Task EndAsync(CallEnding ending)
    {
        if (await CallAsync().ConfigureAwait(true) is not { State: not CallState.Ended } call)
        {
            return;
        }

        if (ending.LastAttempt is { } last)
        {
            if (call.ProgressAtMs == 0)
            {
                call.ProgressAtMs = last.ProgressAtMs;
            }

            await EndAttemptAsync(call, last).ConfigureAwait(true);
        }

        // a CANCEL through another edge reaches the routing edge as the vendor's 487: the caller ended it all the same
        var releasedBy = call.Cancelled ? CallReleaser.Caller : ending.ReleasedBy;
        await FinishAsync(call, ending.Status, ending.Q850Cause, releasedBy, ending.EndedAtMs).ConfigureAwait(true);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2007", Justification = "grain turn")]
    public async Task<CallView?> GetAsync() => (await CallAsync().ConfigureAwait(true))?.View();

    /// <summary>The vendor of a failed attempt gives its line back; the attempt goes into the CDR.</summary>
    private async Task EndAttemptAsync(CallRecord call, AttemptResult ended)
    {
        call.Attempts.Add(new VendorAttempt(ended.Vendor.Vendor, ended.Vendor.NumberSent, Now(call), ended.Status));
        if (call.VendorLineHeld && call.Current?.Vendor == ended.Vendor.Vendor)
        {
            call.VendorLineHeld = false;
            await ReleaseQuietlyAsync(ended.Vendor.Vendor, OutcomeOf(ended.Status), TimeSpan.Zero).ConfigureAwait(true);
        }
    }

    /// <summary>Ends the call: both lines back (once), the CDR written, the grain gone once it is idle.</summary>
    private async Task FinishAsync(CallRecord call, int status, int q850, CallReleaser releasedBy, long endedAtMs)
    {
        call.State = CallState.Ended;
        _deadline?.Dispose();
        _deadline = null;
        _legChecks?.Dispose();
        _legChecks = null;
        var talk = call.AnsweredAtMs > 0 ? TimeSpan.FromMilliseconds(Math.Max(0, endedAtMs - call.AnsweredAtMs)) : TimeSpan.Zero;
        var outcome = call.AnsweredAtMs > 0 ? CallOutcome.Answered : OutcomeOf(status);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(endedAtMs);
        try
        {
            if (call.VendorLineHeld && call.Current is { } vendor)
            {
                await Gateway(call.Customer).ReleaseCallAsync(Id, vendor.Vendor, outcome, talk, now).ConfigureAwait(true);
            }
            else
            {
                await Gateway(call.Customer).ReleaseAsync(Id, outcome, talk, now).ConfigureAwait(true);
            }
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or GrainUnavailableException)
        {
            // the leases expire by themselves; the CDR still matters more
            CallLog.ReleaseFailed(log, Id, e.Message);
        }

        call.VendorLineHeld = false;
        var cdr = call.Cdr(status, q850, releasedBy, endedAtMs);
        await _store.EndAsync(Id, cdr).ConfigureAwait(true);
        CallLog.Ended(log, Id, call.Customer, cdr.Vendor, status, releasedBy, cdr.BillableSeconds);
        DeactivateOnIdle();
    }

    /// <summary>The edge routing the call must report again within the lease, else it is taken for gone.</summary>
    private void ArmDeadline(CallRecord call)
    {
        _deadline?.Dispose();
        var lease = TimeSpan.FromMilliseconds(Math.Max(1000, call.RoutingLeaseMs));
        call.RoutingDeadlineMs = time.GetUtcNow().ToUnixTimeMilliseconds() + (long)lease.TotalMilliseconds;
        _deadline = this.RegisterGrainTimer(RoutingDeadlineAsync, new GrainTimerCreationOptions(lease, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task RoutingDeadlineAsync(CancellationToken cancellationToken)
    {
        if (_call is { State: CallState.Trying } call)
        {
            CallLog.EdgeLost(log, Id, call.Customer, call.EdgeAddress);
            if (call.Current is { } current && call.VendorLineHeld)
            {
                call.Attempts.Add(new VendorAttempt(current.Vendor, current.NumberSent, Now(call), 408));
            }

            await FinishAsync(call, 500, 0, CallReleaser.EdgeLost, Math.Max(call.RoutingDeadlineMs, Now(call))).ConfigureAwait(true);
        }
    }

    /// <summary>The call, read back from Redis once per activation when it is not in memory (its silo died).</summary>
    private async Task<CallRecord?> CallAsync()
    {
        if (_call is null && !_loaded)
        {
            _loaded = true;
            _call = await _store.LoadAsync(Id).ConfigureAwait(true);
            if (_call is { CustomerLeg: var a, VendorLeg: var b })
            {
                // the record was written at the answer: requests sent since then had higher CSeqs than it says
                a.LocalCSeq += 1000;
                if (b is not null)
                {
                    b.LocalCSeq += 1000;
                }

                ArmLegChecks(_call);
            }
        }

        return _call;
    }

    private async Task ReleaseQuietlyAsync(string gateway, CallOutcome outcome, TimeSpan talk)
    {
        try
        {
            await Gateway(gateway).ReleaseAsync(Id, outcome, talk, time.GetUtcNow()).ConfigureAwait(true);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or GrainUnavailableException)
        {
            CallLog.ReleaseFailed(log, Id, e.Message);
        }
    }

    private IGatewayGrain Gateway(string name) => GrainFactory.GetGrain<IGatewayGrain>(name);

    private long Now(CallRecord call) => Math.Max(call.InviteAtMs, time.GetUtcNow().ToUnixTimeMilliseconds());

    private static AnsweredCall AnsweredRecord(CallRecord call) => new(
        call.Id, call.Customer, call.Current!.Vendor, call.AnsweredAtMs, call.CustomerLeg.Address, call.VendorLeg!.Address,
        call.CustomerLeg.Remote, call.VendorLeg.Remote, call.CustomerLeg.RemoteTarget, call.VendorLeg.RemoteTarget, call.CustomerLeg.RemoteInviteCSeq);

    /// <summary>How a final status counts for ASR.</summary>
    public static CallOutcome OutcomeOf(int status) => status switch
    {
        >= 200 and < 300 => CallOutcome.Answered,
        486 or 600 => CallOutcome.Busy,
        487 => CallOutcome.Cancelled,
        408 or 480 => CallOutcome.NoAnswer,
        _ => CallOutcome.Failed,
    };
}
