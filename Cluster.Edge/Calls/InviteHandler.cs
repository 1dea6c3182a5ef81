using System.Net;
using System.Text;
using Cluster.Edge.Calls.Callers;
using Cluster.Edge.Calls.Dialogs;
using Cluster.Edge.Calls.Forwarding;
using Cluster.Edge.Calls.Routing;
using Cluster.Edge.Calls.Transactions;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Provisioning;
using Cluster.Edge.Sip;
using Cluster.Edge.Transport;
using Cluster.Grains;
using Cluster.Grains.Provisioning;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Calls;

/// <summary>
/// A new INVITE: identify the customer, admit it on its mapping gateway grain (CPS, lines), then try the
/// routing gateways of the longest matching prefix in priority order, each admitted on its own grain, as a
/// record-routing stateful proxy (RFC 3261 §16): provisional responses are relayed at once, a 2xx ends the
/// routing with the call up, 408/5xx/6xx or a timeout moves to the next vendor (up to the switch limit),
/// any other final response is relayed. Leases are released here when the call fails, at BYE when it ends.
/// An INVITE with a To tag is a re-INVITE and goes the in-dialog way.
/// </summary>
internal sealed class InviteHandler(
    CallerGate callers,
    CallLedger ledger,
    EdgeProvisioning provisioning,
    ClientTransactionTable transactions,
    PendingCalls pending,
    AnsweredCalls answered,
    InDialogHandler inDialog,
    CallOptions options,
    TimeProvider time,
    EdgeMetrics metrics,
    ILogger logger) : ISipRequestHandler
{
    private readonly VendorStates _vendorStates = new();

    private enum AttemptEnd
    {
        Answered,
        FailOver,
        Relayed,
    }

    public async ValueTask HandleAsync(SipRequestContext request)
    {
        if (!request.Request.ToTag.IsEmpty)
        {
            await inDialog.HandleAsync(request).ConfigureAwait(false);
            return;
        }

        if (request.Channel.Kind != SipTransportKind.Udp)
        {
            // Vendors are reached over the UDP socket a call arrives on; TCP customers are not routed yet.
            request.Respond(503, "Service Unavailable", "Warning: 399 edge \"calls over TCP are not routed\"\r\n"u8);
            return;
        }

        try
        {
            await RouteAsync(request).ConfigureAwait(false);
        }
        catch (GrainUnavailableException)
        {
            metrics.CountRefusal("grain_unavailable");
            request.Respond(503, "Service Unavailable", "Retry-After: 5\r\n"u8);
        }
    }

    private async Task RouteAsync(SipRequestContext request)
    {
        if (await callers.IdentifyAsync(request).ConfigureAwait(false) is not { } customer)
        {
            return;
        }

        var invite = request.Request;
        var callId = Encoding.ASCII.GetString(invite.CallId);
        var number = RouteSelection.NormalizeNumber(UserOf(invite.RequestUri));
        var candidates = RouteSelection.Candidates(provisioning.Current.RoutingGateways, number);

        // The first vendor the call can go to is admitted together with the customer: one grain call, not two.
        var first = candidates.FirstOrDefault(v => Dialable(v, number, out _));
        var admitted = first is null
            ? new CallAdmitVerdict(await ledger.AdmitAsync(customer.Name, callId).ConfigureAwait(false), null)
            : await ledger.AdmitCallAsync(customer.Name, first.Name, callId).ConfigureAwait(false);
        var admission = admitted.Customer;
        if (!admission.HasLine)
        {
            CallsLog.Refused(logger, callId, customer.Name, admission.Decision.ToString());
        }

        switch (admission.Decision)
        {
            case GatewayAdmission.CpsExceeded:
                metrics.CountRefusal("cps_exceeded");
                request.Respond(503, "Service Unavailable", "Warning: 399 edge \"CPS limit\"\r\n"u8);
                return;
            case GatewayAdmission.LinesFull:
                metrics.CountRefusal("lines_full");
                request.Respond(options.LinesFullStatus, options.LinesFullStatus == 486 ? "Busy Here" : "Service Unavailable", "Warning: 399 edge \"line limit\"\r\n"u8);
                return;
        }

        invite.TryGetTopVia(out var customerVia);
        var pendingKey = PendingCalls.KeyOf(customerVia.Branch, invite.CallId);
        var call = pending.Add(pendingKey);
        try
        {
            (int Status, string Reason, RelayedResponse? Relay, string? ReasonHeader) outcome;
            try
            {
                if (admitted.VendorUnreachable)
                {
                    throw new GrainUnavailableException("gw:" + first!.Name, "its grain did not answer the admission");
                }

                (string, GatewayAdmitVerdict)? firstVerdict = first is null || admitted.Vendor is null ? null : (first.Name, admitted.Vendor);
                outcome = await TryVendorsAsync(request, customer, callId, number, candidates, firstVerdict, call).ConfigureAwait(false);
            }
            catch (GrainUnavailableException)
            {
                // Redis went away mid-call: still try to give the customer's line back.
                metrics.CountRefusal("grain_unavailable");
                outcome = (503, "Service Unavailable", null, null);
            }

            var (status, reason, relay, reasonHeader) = outcome;
            if (status >= 300)
            {
                // Leases go before the customer hears the failure: once it has, its line is free again.
                await ledger.ReleaseAsync(customer.Name, callId, CallLedger.OutcomeOf(status), TimeSpan.Zero).ConfigureAwait(false);
                if (relay is not null)
                {
                    request.Relay(relay.Bytes, relay.Target ?? request.Remote, final: true);
                }
                else
                {
                    request.Respond(status, reason, reasonHeader is null ? default : Encoding.UTF8.GetBytes(reasonHeader));
                }
            }
        }
        finally
        {
            pending.Remove(pendingKey);
        }
    }

    /// <summary>
    /// Tries vendors in order; returns the call's final status (2xx: answered and already relayed), the
    /// vendor's final response to relay, if the last one is to be relayed rather than answered by us, and
    /// the Reason header of our own 503 when no vendor could be offered the call.
    /// </summary>
    private async Task<(int Status, string Reason, RelayedResponse? Relay, string? ReasonHeader)> TryVendorsAsync(
        SipRequestContext request,
        MappingGateway customer,
        string callId,
        string number,
        IReadOnlyList<RoutingGateway> candidates,
        (string Vendor, GatewayAdmitVerdict Verdict)? firstVerdict,
        PendingCall call)
    {
        if (candidates.Count == 0)
        {
            metrics.CountRefusal("no_route");
            CallsLog.NoRoute(logger, callId, customer.Name, number);
            return (404, "No Route", null, null);
        }

        var unavailable = new UnavailableVendors();
        var newlyOffline = false;

        (int Status, string Reason) last = (503, "Service Unavailable");
        var tried = 0;
        foreach (var vendor in candidates)
        {
            if (tried >= options.SwitchLimit || call.Cancelled)
            {
                break;
            }

            if (!Dialable(vendor, number, out var vendorAddress))
            {
                if (vendorAddress is not null)
                {
                    CallsLog.NothingLeftToDial(logger, callId, vendor.Name, number, vendor.StripDigits);
                }

                continue;
            }

            // admitted with the customer when it was the first one dialable
            var admitted = firstVerdict is { } pre && pre.Vendor == vendor.Name
                ? pre.Verdict
                : await ledger.AdmitVendorAsync(vendor.Name, callId).ConfigureAwait(false);
            firstVerdict = null;
            if (admitted.Decision == GatewayAdmission.Offline)
            {
                if (_vendorStates.SawOffline(vendor.Name))
                {
                    newlyOffline = true;
                    CallsLog.VendorOffline(logger, vendor.Name);
                }
            }
            else if (_vendorStates.SawOnline(vendor.Name))
            {
                CallsLog.VendorOnline(logger, vendor.Name);
            }

            if (!admitted.HasLine)
            {
                unavailable.Skip(vendor.Name, admitted.Decision);
                continue;
            }

            tried++;
            var (end, status, reason, final) = await AttemptAsync(request, customer, vendor, vendorAddress!, call).ConfigureAwait(false);
            if (end == AttemptEnd.Answered)
            {
                var answeredAt = time.GetUtcNow().ToUnixTimeMilliseconds();
                var maxDuration = TimeSpan.FromSeconds(Math.Min(customer.MaxCallDurationSeconds, vendor.MaxCallDurationSeconds));
                answered.Answered(callId, answeredAt, (long)maxDuration.TotalMilliseconds);
                CallsLog.Answered(logger, callId, customer.Name, vendor.Name);
                await RecordAnsweredAsync(
                    AnsweredCallRecord.Of(request.Request, final!.Bytes, customer.Name, vendor.Name, request.Remote, vendorAddress!, answeredAt),
                    maxDuration).ConfigureAwait(false);
                return (status, reason, null, null);
            }

            await ledger.ReleaseAsync(vendor.Name, callId, CallLedger.OutcomeOf(status), TimeSpan.Zero).ConfigureAwait(false);
            last = (status, reason);
            if (end == AttemptEnd.Relayed)
            {
                return (status, reason, final, null);
            }

            metrics.CountVendorFailover();
            CallsLog.FailOver(logger, callId, customer.Name, vendor.Name, status);
        }

        if (firstVerdict is { Verdict.HasLine: true } unused)
        {
            // cancelled before the first vendor was offered the call: its line goes back
            await ledger.ReleaseAsync(unused.Vendor, callId, CallOutcome.Cancelled, TimeSpan.Zero).ConfigureAwait(false);
        }

        if (call.Cancelled)
        {
            return (487, "Request Terminated", null, null);
        }

        if (tried == 0 && !unavailable.IsEmpty)
        {
            // Nobody was even offered the call: say why in the 503, and log it when a vendor's state made it so.
            metrics.CountRefusal(unavailable.AllOffline ? "vendors_offline" : "no_vendor_available");
            if (unavailable.AllOffline && newlyOffline)
            {
                CallsLog.AllVendorsOffline(logger, callId, customer.Name, number, unavailable.Text);
            }
            else
            {
                CallsLog.NoVendorAvailable(logger, callId, customer.Name, number, unavailable.Text);
            }

            return (503, "Service Unavailable", null, unavailable.ReasonHeaderLine);
        }

        return (last.Status, last.Reason, null, null);
    }

    private async Task<(AttemptEnd End, int Status, string Reason, RelayedResponse? Final)> AttemptAsync(
        SipRequestContext request, MappingGateway customer, RoutingGateway vendor, IPEndPoint vendorAddress, PendingCall call)
    {
        var invite = request.Request;
        var local = request.Channel.LocalEndPoint;
        var branch = ProxyMessages.NewBranch();
        var route = new DialogRoute(customer.Name, vendor.Name, request.Remote, vendorAddress, DialogRoute.TagHex(invite.FromTag));
        var user = NumberRewrite.ForVendor(vendor, UserOf(invite.RequestUri)) ?? string.Empty;
        var requestUri = user.Length > 0 ? $"sip:{user}@{DialogRoute.Format(vendorAddress)}" : $"sip:{DialogRoute.Format(vendorAddress)}";
        var bytes = ProxyMessages.Forward(invite, request.Remote, local, branch, requestUri, route.RecordRouteLine(local), removeTopRoute: invite.IndexOf(SipHeaderName.Route) >= 0);
        if (bytes is null)
        {
            return (AttemptEnd.Relayed, 500, "Server Internal Error", null);
        }

        invite.TryGetCSeq(out var cseq, out _, out _);
        var forwarded = new ForwardedInvite(
            requestUri,
            ProxyMessages.ViaLine(local, branch),
            Encoding.UTF8.GetString(invite.FirstValue(SipHeaderName.From)),
            Encoding.UTF8.GetString(invite.FirstValue(SipHeaderName.To)),
            Encoding.UTF8.GetString(invite.CallId),
            cseq);
        var channel = request.Channel;
        var customerAddress = request.Remote;
        var attempt = new ClientTransaction(
            ClientTransactionTable.KeyOf(branch, "INVITE"),
            bytes,
            vendorAddress,
            channel,
            invite: true,
            onProvisional: r =>
            {
                if (r.Status > 100)
                {
                    channel.Send(r.Bytes, r.Target ?? customerAddress);
                }
            });
        transactions.Add(attempt);
        RelayedResponse? final;
        try
        {
            if (!call.Begin(attempt, forwarded))
            {
                return (AttemptEnd.FailOver, 487, "Request Terminated", null);
            }

            final = await attempt.RunAsync(options.Timers, time).ConfigureAwait(false);
        }
        finally
        {
            transactions.Remove(attempt);
        }

        if (final is null)
        {
            // Timer B or C: stop the vendor ringing, then try the next.
            attempt.Cancel(ProxyMessages.HopByHop("CANCEL", forwarded));
            return (AttemptEnd.FailOver, 408, "Request Timeout", null);
        }

        var reason = ResponseText.ReasonOf(final.Bytes);
        if (final.Status < 300)
        {
            var answer = ProxyMessages.WithAnswerTime(final.Bytes, time.GetUtcNow().ToUnixTimeMilliseconds());
            request.Relay(answer, final.Target ?? customerAddress, final: true);
            return (AttemptEnd.Answered, final.Status, reason, final);
        }

        // A non-2xx final response is acknowledged hop by hop (§17.1.1.3).
        channel.Send(ProxyMessages.HopByHop("ACK", forwarded, ResponseText.ToHeaderOf(final.Bytes) ?? forwarded.To), vendorAddress);
        if (options.FailsOver(final.Status) && !call.Cancelled)
        {
            return (AttemptEnd.FailOver, final.Status, reason, null);
        }

        return (AttemptEnd.Relayed, final.Status, reason, final);
    }

    /// <summary>
    /// Leaves the answered call with the cluster (after the 2xx is on its way), so the silo ends it at its
    /// maximum duration whichever edge is left. Without Redis the call goes on unrecorded: its line lease
    /// still expires by itself.
    /// </summary>
    private async Task RecordAnsweredAsync(AnsweredCall? record, TimeSpan maxDuration)
    {
        if (record is null)
        {
            metrics.CountUnrecorded("answer_unrecorded");
            return;
        }

        try
        {
            await ledger.AnsweredAsync(record, maxDuration).ConfigureAwait(false);
        }
        catch (GrainUnavailableException)
        {
            metrics.CountUnrecorded("answer_unrecorded");
        }
    }

    /// <summary>A vendor the call can be sent to: an address we can reach and a number left after its rewrite.</summary>
    private static bool Dialable(RoutingGateway vendor, string number, out IPEndPoint? address) =>
        IPEndPoint.TryParse(vendor.Address, out address) && NumberRewrite.ForVendor(vendor, number) is not null;

    private static string UserOf(ReadOnlySpan<byte> requestUri)
    {
        if (!SipUri.TryParse(requestUri, out var uri))
        {
            return string.Empty;
        }

        return Encoding.UTF8.GetString(uri.Scheme == SipUriScheme.Sip || uri.Scheme == SipUriScheme.Sips ? uri.User : uri.Number);
    }
}
