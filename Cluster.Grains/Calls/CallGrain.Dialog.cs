using System.Net;
using Cluster.Grains.Cdr;

namespace Cluster.Grains.Calls;

/// <summary>The call grain inside the call: in-dialog requests of either party, CANCEL from any edge, the cluster's hang-up.</summary>
internal sealed partial class CallGrain
{
    /// <summary>A re-INVITE's answer comes within Timer B; past that, another may start even if nobody reported its end.</summary>
    private const long ReinviteWindowMs = 32_000;

    public async Task<InDialogVerdict> InDialogAsync(InDialogRequest request)
    {
        if (await CallAsync().ConfigureAwait(true) is not { State: CallState.Answered, VendorLeg: { } b } call)
        {
            return InDialogVerdict.NoCall;
        }

        var a = call.CustomerLeg;
        var fromCustomer = request.CallId == a.CallId && request.FromTag == a.RemoteTag;
        var fromVendor = request.CallId == b.CallId && request.FromTag == b.RemoteTag;
        if (!fromCustomer && !fromVendor)
        {
            return InDialogVerdict.NoCall;
        }

        var source = fromCustomer ? a : b;
        var other = fromCustomer ? b : a;
        if (!SameHost(request.Source, source.Address))
        {
            CallLog.ForeignSource(log, Id, request.Method, request.Source, fromCustomer ? "customer" : "vendor");
            return InDialogVerdict.Forbidden;
        }

        switch (request.Method)
        {
            case "ACK":
                return Acknowledge(call, fromCustomer, other);
            case "INVITE":
                if (call.Reinviting.Length > 0 && request.AtMs < call.ReinviteUntilMs)
                {
                    return InDialogVerdict.Glare;
                }

                call.Reinviting = fromCustomer ? "a" : "b";
                call.ReinviteUntilMs = request.AtMs + ReinviteWindowMs;
                source.RemoteInviteCSeq = request.CSeq;
                other.InviteCSeq = ++other.LocalCSeq;
                return new InDialogVerdict(InDialogOutcome.Relay, LegRequest.Into(other, other.LocalCSeq, toVendor: fromCustomer));
            case "BYE":
                var bye = LegRequest.Into(other, ++other.LocalCSeq, toVendor: fromCustomer);
                await FinishAsync(call, 200, request.Q850Cause, fromCustomer ? CallReleaser.Caller : CallReleaser.Callee, Math.Max(request.AtMs, call.AnsweredAtMs)).ConfigureAwait(true);
                return new InDialogVerdict(InDialogOutcome.Relay, bye, CallEnded: true);
            default:
                return new InDialogVerdict(InDialogOutcome.Relay, LegRequest.Into(other, ++other.LocalCSeq, toVendor: fromCustomer));
        }
    }

    public Task ReinviteDoneAsync(long cseq)
    {
        if (_call is { } call)
        {
            call.Reinviting = string.Empty;
        }

        return Task.CompletedTask;
    }

    public async Task<CancelVerdict> CancelAsync(string source)
    {
        if (await CallAsync().ConfigureAwait(true) is not { State: CallState.Trying } call
            || !SameHost(source, call.CustomerLeg.Address))
        {
            return new CancelVerdict(false, null, string.Empty);
        }

        call.Cancelled = true;
        return new CancelVerdict(true, call.VendorLineHeld ? call.Current : null, call.CallerNumber);
    }

    public async Task<CallHangup?> HangUpAsync(CallReleaser releasedBy, long atMs)
    {
        if (await CallAsync().ConfigureAwait(true) is not { State: CallState.Answered, VendorLeg: { } b } call)
        {
            return null;
        }

        var a = call.CustomerLeg;
        var hangup = new CallHangup(
            Id, LegRequest.Into(a, ++a.LocalCSeq, toVendor: false), LegRequest.Into(b, ++b.LocalCSeq, toVendor: true),
            Math.Max(0, atMs - call.AnsweredAtMs), CallHangup.ReasonOf(releasedBy));
        await FinishAsync(call, 200, releasedBy == CallReleaser.Operator ? 16 : 102, releasedBy, Math.Max(atMs, call.AnsweredAtMs)).ConfigureAwait(true);

        // the BYEs leave from an edge, whose address both parties know; without one the silo sends them
        return await SendThroughEdgeAsync(hangup).ConfigureAwait(true) ? hangup with { SentByEdge = true } : hangup;
    }

    /// <summary>
    /// An ACK: of a re-INVITE's 2xx, sent on with the CSeq of the re-INVITE we sent; of our answer, absorbed (we
    /// acknowledged the vendor's 2xx ourselves) unless the INVITE had no SDP: then the ACK carries the offer's answer
    /// and goes to the vendor, once.
    /// </summary>
    private static InDialogVerdict Acknowledge(CallRecord call, bool fromCustomer, CallLeg other)
    {
        var expected = fromCustomer ? "a" : "b";
        if (call.Reinviting == expected)
        {
            call.Reinviting = string.Empty;
            return new InDialogVerdict(InDialogOutcome.Relay, LegRequest.Into(other, other.InviteCSeq, toVendor: fromCustomer));
        }

        if (fromCustomer && call.LateOffer && !call.AnswerAcknowledged)
        {
            call.AnswerAcknowledged = true;
            return new InDialogVerdict(InDialogOutcome.Relay, LegRequest.Into(other, other.InviteCSeq, toVendor: true));
        }

        call.AnswerAcknowledged |= fromCustomer;
        return InDialogVerdict.Absorb;
    }

    private static bool SameHost(string source, string leg) =>
        IPEndPoint.TryParse(source, out var s) && IPEndPoint.TryParse(leg, out var l)
        && (s.Address.IsIPv4MappedToIPv6 ? s.Address.MapToIPv4() : s.Address).Equals(l.Address.IsIPv4MappedToIPv6 ? l.Address.MapToIPv4() : l.Address);
}
