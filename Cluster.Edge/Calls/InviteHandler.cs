using System.Text;
using Cluster.Edge.Calls.Callers;
using Cluster.Edge.Calls.Legs;
using Cluster.Edge.Calls.Routing;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Provisioning;
using Cluster.Edge.Sip;
using Cluster.Edge.Transport;
using Cluster.Grains;
using Cluster.Grains.Calls;
using Cluster.Grains.Cdr;
using Cluster.Grains.Provisioning;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Calls;

/// <summary>
/// A new INVITE, answered as a back-to-back user agent: identify the customer, offer the call to its call grain
/// (which takes the customer's line and CPS token and the first vendor's, grain to grain), then let
/// <see cref="VendorAttempts"/> offer it to the routing gateways of the longest matching prefix in priority order,
/// each in a new dialog of ours. The customer only ever talks to us: our tag, our Contact, our answers carrying the
/// vendor's SDP. A failed call ends on its grain (lines back, CDR written) before the customer hears the failure.
/// An INVITE with a To tag is a re-INVITE and goes the in-dialog way.
/// </summary>
internal sealed class InviteHandler(
    CallerGate callers,
    IClusterGrains grains,
    EdgeProvisioning provisioning,
    VendorAttempts attempts,
    LegChannels channels,
    PendingCalls pending,
    InDialogHandler inDialog,
    CallOptions options,
    TimeProvider time,
    EdgeMetrics metrics,
    ILogger logger) : ISipRequestHandler
{
    public async ValueTask HandleAsync(SipRequestContext request)
    {
        if (!request.Request.ToTag.IsEmpty)
        {
            await inDialog.HandleAsync(request).ConfigureAwait(false);
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
        var id = CallIds.Of(invite.CallId, invite.FromTag);
        var ourTag = Encoding.ASCII.GetBytes(CallIds.CustomerSideTag(id));
        var number = RouteSelection.NormalizeNumber(UserOf(invite.RequestUri));
        var caller = CallerOf(invite);
        var candidates = RouteSelection.Candidates(provisioning.Current.RoutingGateways, number);
        var transport = request.Channel.Kind == SipTransportKind.Tcp ? "tcp" : "udp";
        var edgeHost = channels.HostFor(transport, request.Channel);
        var first = await attempts.FirstChoiceAsync(candidates, number, request.Channel).ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var call = grains.GetCallGrain(id);
        var offer = new CallOffer(
            customer.Name, customer.Auth == GatewayAuthMode.Ip ? string.Empty : caller, caller, number,
            DialogLegs.Customer(invite, request.Remote, id, transport), first, edgeHost, now, (long)options.RoutingLease.TotalMilliseconds,
            SdpCodecs.Names(invite.Body), invite.Body.IsEmpty);
        var verdict = await call.OfferAsync(offer).ConfigureAwait(false);
        if (verdict.Duplicate)
        {
            // the same INVITE reached another edge first (a retransmission across the load balancer): it routes it
            metrics.CountRefusal("duplicate_invite");
            request.Ignore();
            return;
        }

        var admitted = verdict.Admission!;
        var refusal = admitted.Customer.Decision switch
        {
            _ when admitted.VendorUnreachable => ("grain_unavailable", 503, "Service Unavailable", "Retry-After: 5\r\n"),
            GatewayAdmission.CpsExceeded => ("cps_exceeded", 503, "Service Unavailable", "Warning: 399 edge \"CPS limit\"\r\n"),
            GatewayAdmission.LinesFull => ("lines_full", options.LinesFullStatus, options.LinesFullStatus == 486 ? "Busy Here" : "Service Unavailable", "Warning: 399 edge \"line limit\"\r\n"),
            _ => default((string, int, string, string)?),
        };
        if (refusal is var (counter, status, reason, header))
        {
            CallsLog.Refused(logger, id, customer.Name, admitted.Customer.Decision.ToString());
            metrics.CountRefusal(counter);
            await call.EndAsync(new CallEnding(status, 0, CallReleaser.Overload, now, null)).ConfigureAwait(false);
            request.Respond(status, reason, Encoding.ASCII.GetBytes(header), ourTag);
            return;
        }

        invite.TryGetTopVia(out var customerVia);
        var pendingKey = PendingCalls.KeyOf(customerVia.Branch, invite.CallId);
        var routing = pending.Add(pendingKey);
        try
        {
            var context = new RoutedCall(request, customer, call, id, caller, number, LegMessages.Contact(id, edgeHost, transport), ourTag, routing);
            CallResult result;
            try
            {
                result = await attempts.RunAsync(context, candidates, first, admitted.Vendor).ConfigureAwait(false);
            }
            catch (GrainUnavailableException)
            {
                // the cluster went away mid-call: still try to end it there (lines back, CDR)
                metrics.CountRefusal("grain_unavailable");
                result = CallResult.Failed(503, "Service Unavailable", CallReleaser.Overload);
            }

            if (result.Answered)
            {
                return;
            }

            // Lines go back and the CDR is written before the customer hears the failure: once it has, its line is free.
            await call.EndAsync(new CallEnding(result.Status, result.Q850Cause, result.ReleasedBy, time.GetUtcNow().ToUnixTimeMilliseconds(), result.LastAttempt)).ConfigureAwait(false);
            if (result.VendorResponse is { } response)
            {
                request.Answer(result.Status, response.ReasonPhrase, LegMessages.AnswerHeaders(response, contact: null), ourTag, default);
                response.Reset();
            }
            else
            {
                request.Respond(result.Status, result.Reason, result.ReasonHeader is null ? default : Encoding.UTF8.GetBytes(result.ReasonHeader), ourTag);
            }
        }
        finally
        {
            pending.Remove(pendingKey);
        }
    }

    /// <summary>The user part of the From URI: the caller's number as the customer sent it.</summary>
    private static string CallerOf(SipMessage invite) =>
        NameAddr.TryParse(invite.FirstValue(SipHeaderName.From), out var from) ? UserOf(from.Uri) : string.Empty;

    public static string UserOf(ReadOnlySpan<byte> uriText)
    {
        if (!SipUri.TryParse(uriText, out var uri))
        {
            return string.Empty;
        }

        return Encoding.UTF8.GetString(uri.Scheme == SipUriScheme.Sip || uri.Scheme == SipUriScheme.Sips ? uri.User : uri.Number);
    }
}
