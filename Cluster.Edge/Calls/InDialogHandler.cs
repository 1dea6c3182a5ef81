using System.Net;
using System.Text;
using Cluster.Edge.Calls.Dialogs;
using Cluster.Edge.Calls.Forwarding;
using Cluster.Edge.Calls.Transactions;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Provisioning;
using Cluster.Edge.Sip;
using Cluster.Grains;

namespace Cluster.Edge.Calls;

/// <summary>
/// Requests inside a call (BYE, re-INVITE, UPDATE, INFO, PRACK): routed by our Route header, whose
/// parameters name the two sides, so any edge can route them. The From tag tells the direction. A BYE
/// releases the line leases on both gateway grains and reports the answered call with its talk time.
/// Forwarded statefully: the response of the other side is relayed back.
/// </summary>
internal sealed class InDialogHandler(
    CallLedger ledger,
    EdgeProvisioning provisioning,
    ClientTransactionTable transactions,
    AnsweredCalls answered,
    CallOptions options,
    TimeProvider time,
    EdgeMetrics metrics) : ISipRequestHandler
{
    public async ValueTask HandleAsync(SipRequestContext request)
    {
        var message = request.Request;
        if (!TryRouteOf(message, out var route))
        {
            metrics.CountRefusal("no_dialog_route");
            request.Respond(481, "Call/Transaction Does Not Exist");
            return;
        }

        var toVendor = route!.IsFromCaller(message.FromTag);
        if (!DialogRouteCheck.Allows(route, request.Remote.Address, toVendor, provisioning.Current))
        {
            metrics.CountRefusal("dialog_route_refused");
            request.Respond(403, "Forbidden");
            return;
        }

        var target = toVendor ? route.Vendor : route.Customer;
        var branch = ProxyMessages.NewBranch();
        var bytes = ProxyMessages.Forward(message, request.Remote, request.Channel.LocalEndPoint, branch, requestUri: null, recordRoute: null, removeTopRoute: true);
        if (bytes is null)
        {
            request.Respond(500, "Server Internal Error");
            return;
        }

        Task release = Task.CompletedTask;
        if (message.Method == SipMethod.Bye)
        {
            var callId = Encoding.ASCII.GetString(message.CallId);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var talk = answered.End(callId, now)
                ?? (route.AnsweredAtMs is { } at ? TimeSpan.FromMilliseconds(Math.Max(0, now - at)) : TimeSpan.Zero);
            release = ReleaseAsync(route, callId, talk);
        }

        var channel = request.Channel;
        var source = request.Remote;
        var method = Encoding.ASCII.GetString(message.MethodName);
        var forward = new ClientTransaction(
            ClientTransactionTable.KeyOf(branch, method),
            bytes,
            target,
            channel,
            invite: message.Method == SipMethod.Invite,
            onProvisional: r =>
            {
                if (r.Status > 100)
                {
                    channel.Send(r.Bytes, r.Target ?? source);
                }
            });
        transactions.Add(forward);
        RelayedResponse? final;
        try
        {
            final = await forward.RunAsync(options.Timers, time).ConfigureAwait(false);
        }
        finally
        {
            transactions.Remove(forward);
        }

        if (final is { Status: >= 300 } && message.Method == SipMethod.Invite)
        {
            // A failed re-INVITE is acknowledged hop by hop; the sender's ACK ends at our server transaction.
            message.TryGetCSeq(out var cseq, out _, out _);
            var reinvite = new ForwardedInvite(
                Encoding.UTF8.GetString(message.RequestUri),
                ProxyMessages.ViaLine(request.Channel.LocalEndPoint, branch),
                Encoding.UTF8.GetString(message.FirstValue(SipHeaderName.From)),
                Encoding.UTF8.GetString(message.FirstValue(SipHeaderName.To)),
                Encoding.UTF8.GetString(message.CallId),
                cseq);
            channel.Send(ProxyMessages.HopByHop("ACK", reinvite), target);
        }

        // Leases are released before the caller hears the BYE's answer: once it has, the lines are free.
        await release.ConfigureAwait(false);
        if (final is null)
        {
            request.Respond(408, "Request Timeout");
        }
        else
        {
            request.Relay(final.Bytes, final.Target ?? source, final: true);
        }
    }

    /// <summary>Our dialog parameters from the top Route header of an in-dialog request.</summary>
    public static bool TryRouteOf(SipMessage message, out DialogRoute? route)
    {
        route = null;
        var routes = message.Values(SipHeaderName.Route);
        return routes.MoveNext() && DialogRoute.TryParse(routes.Current, out route);
    }

    private async Task ReleaseAsync(DialogRoute route, string callId, TimeSpan talk)
    {
        try
        {
            await ledger.ReleaseBothAsync(route.Mapping, route.Routing, callId, CallOutcome.Answered, talk).ConfigureAwait(false);
        }
        catch (GrainUnavailableException)
        {
            // The leases expire by themselves (lease time = longest ringing + maximum call duration + a minute).
            metrics.CountUnrecorded("release_unavailable");
        }
    }
}
