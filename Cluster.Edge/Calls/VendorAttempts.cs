using System.Net;
using System.Text;
using Cluster.Edge.Calls.Legs;
using Cluster.Edge.Calls.Routing;
using Cluster.Edge.Calls.Transactions;
using Cluster.Edge.Metrics;
using Cluster.Edge.Sip;
using Cluster.Grains;
using Cluster.Grains.Calls;
using Cluster.Grains.Cdr;
using Cluster.Grains.Provisioning;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Calls;

/// <summary>
/// Offers a call to its vendors in order, each in a new dialog of ours (B leg): provisional responses are copied to
/// the customer at once, a 2xx is acknowledged, made durable on the call grain and then answered to the customer,
/// 408/5xx/6xx or a timeout moves to the next vendor (up to the switch limit; the grain admits each), any other final
/// response ends the call with that status.
/// </summary>
internal sealed class VendorAttempts(
    ClientTransactionTable transactions,
    AnswerRetransmissions answers,
    Vendors.VendorAddressResolver vendors,
    LegChannels channels,
    CallOptions options,
    TimeProvider time,
    EdgeMetrics metrics,
    ILogger logger)
{
    private readonly VendorStates _vendorStates = new();

    private enum AttemptEnd
    {
        Answered,
        FailOver,
        Final,
    }

    /// <summary>The first vendor the call can be sent to, admitted together with the customer.</summary>
    public async ValueTask<VendorChoice?> FirstChoiceAsync(IReadOnlyList<RoutingGateway> candidates, string number, Transport.ISipReplyChannel arrivedOn)
    {
        foreach (var vendor in candidates)
        {
            if (await ChoiceAsync(vendor, number, 1, arrivedOn).ConfigureAwait(false) is { } choice)
            {
                return choice;
            }
        }

        return null;
    }

    public async Task<CallResult> RunAsync(RoutedCall call, IReadOnlyList<RoutingGateway> candidates, VendorChoice? first, GatewayAdmitVerdict? firstVerdict)
    {
        if (candidates.Count == 0)
        {
            metrics.CountRefusal("no_route");
            CallsLog.NoRoute(logger, call.Id, call.Customer.Name, call.Number);
            return CallResult.Failed(404, "No Route", CallReleaser.Overload);
        }

        var unavailable = new UnavailableVendors();
        var newlyOffline = false;
        AttemptResult? failed = null;
        CallResult? last = null;
        var tried = 0;
        foreach (var vendor in candidates)
        {
            if (tried >= options.SwitchLimit || call.Routing.Cancelled)
            {
                break;
            }

            if (await ChoiceAsync(vendor, call.Number, tried + 1, call.Request.Channel).ConfigureAwait(false) is not { } choice)
            {
                if (NumberRewrite.ForVendor(vendor, call.Number) is null)
                {
                    CallsLog.NothingLeftToDial(logger, call.Id, vendor.Name, call.Number, vendor.StripDigits);
                }

                continue;
            }

            GatewayAdmitVerdict? admitted;
            if (first is not null && firstVerdict is not null && first.Vendor == vendor.Name)
            {
                admitted = firstVerdict;
            }
            else
            {
                var next = await call.Grain.NextVendorAsync(failed, choice).ConfigureAwait(false);
                failed = null;
                if (next.Cancelled)
                {
                    break;
                }

                admitted = next.Admission!;
            }

            first = null;
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
            var (end, result) = await AttemptAsync(call, vendor, choice).ConfigureAwait(false);
            if (end == AttemptEnd.Answered)
            {
                CallsLog.Answered(logger, call.Id, call.Customer.Name, vendor.Name);
                return result;
            }

            failed = result.LastAttempt;
            last = result;
            if (end == AttemptEnd.Final)
            {
                return result;
            }

            metrics.CountVendorFailover();
            CallsLog.FailOver(logger, call.Id, call.Customer.Name, vendor.Name, result.Status);
        }

        if (call.Routing.Cancelled)
        {
            return CallResult.Failed(487, "Request Terminated", CallReleaser.Caller, failed);
        }

        if (tried == 0 && !unavailable.IsEmpty)
        {
            // Nobody was even offered the call: say why in the 503, and log it when a vendor's state made it so.
            metrics.CountRefusal(unavailable.AllOffline ? "vendors_offline" : "no_vendor_available");
            if (unavailable.AllOffline && newlyOffline)
            {
                CallsLog.AllVendorsOffline(logger, call.Id, call.Customer.Name, call.Number, unavailable.Text);
            }
            else
            {
                CallsLog.NoVendorAvailable(logger, call.Id, call.Customer.Name, call.Number, unavailable.Text);
            }

            return CallResult.Failed(503, "Service Unavailable", CallReleaser.Overload, null, unavailable.ReasonHeaderLine);
        }

        return last ?? CallResult.Failed(503, "Service Unavailable", CallReleaser.Overload);
    }

    private async Task<(AttemptEnd End, CallResult Result)> AttemptAsync(RoutedCall call, RoutingGateway vendor, VendorChoice choice)
    {
        var request = call.Request;
        var target = IPEndPoint.Parse(choice.Address);
        if (await channels.ForAsync(choice.Transport, target, request.Channel).ConfigureAwait(false) is not { } channel)
        {
            // a TCP vendor that takes no connection is one that does not answer
            return (AttemptEnd.FailOver, CallResult.Failed(408, "Request Timeout", CallReleaser.Callee, new AttemptResult(choice, 408, 0, 0)));
        }

        var bytes = LegMessages.VendorInvite(request.Request, choice, call.Id, call.Caller);
        var cancel = LegMessages.VendorCancel(choice, call.Id, call.Caller);
        long progressAt = 0;
        var attempt = new ClientTransaction(
            ClientTransactionTable.KeyOf(CallIds.InviteBranch(call.Id, choice.Attempt), "INVITE"),
            bytes,
            target,
            channel,
            invite: true,
            onProvisional: r =>
            {
                if (r.Status <= 100 || LegMessages.Parse(r.Bytes) is not { } provisional)
                {
                    return;
                }

                request.Answer(r.Status, provisional.ReasonPhrase, LegMessages.AnswerHeaders(provisional, call.CustomerContact), call.OurTag, provisional.Body);
                if (progressAt == 0 && r.Status is 180 or 183)
                {
                    // reported with the attempt's end or answer: no grain call per provisional
                    progressAt = time.GetUtcNow().ToUnixTimeMilliseconds();
                }
            });
        transactions.Add(attempt);
        RelayedResponse? final;
        try
        {
            if (!call.Routing.Begin(attempt, cancel))
            {
                return (AttemptEnd.FailOver, CallResult.Failed(487, "Request Terminated", CallReleaser.Caller, new AttemptResult(choice, 487, 0, 0)));
            }

            final = await attempt.RunAsync(options.Timers, time).ConfigureAwait(false);
        }
        finally
        {
            transactions.Remove(attempt);
        }

        if (final is null || LegMessages.Parse(final.Bytes) is not { } response)
        {
            // Timer B or C (or an answer we cannot read): stop the vendor ringing, then try the next.
            attempt.Cancel(cancel);
            return (AttemptEnd.FailOver, CallResult.Failed(408, "Request Timeout", CallReleaser.Callee, new AttemptResult(choice, 408, 0, progressAt)));
        }

        var status = final.Status;
        if (status < 300)
        {
            return await AnsweredAsync(call, vendor, choice, target, channel, response, progressAt).ConfigureAwait(false);
        }

        // A non-2xx final response is acknowledged hop by hop (§17.1.1.3).
        var to = Encoding.UTF8.GetString(response.FirstValue(SipHeaderName.To));
        channel.Send(LegMessages.VendorFailureAck(choice, call.Id, call.Caller, to), target);
        var ended = new AttemptResult(choice, status, Q850.CauseOf(response), progressAt);
        var reason = Encoding.UTF8.GetString(response.ReasonPhrase);
        var releasedBy = status == 487 && call.Routing.Cancelled ? CallReleaser.Caller : CallReleaser.Callee;
        if (options.FailsOver(status) && !call.Routing.Cancelled)
        {
            return (AttemptEnd.FailOver, CallResult.Failed(status, reason, releasedBy, ended));
        }

        return (AttemptEnd.Final, new CallResult(false, status, reason, response, null, ended.Q850Cause, releasedBy, ended));
    }

    private async Task<(AttemptEnd, CallResult)> AnsweredAsync(RoutedCall call, RoutingGateway vendor, VendorChoice choice, IPEndPoint target, Transport.ISipReplyChannel channel, SipMessage response, long progressAt)
    {
        var request = call.Request;
        var leg = DialogLegs.Vendor(response, choice, call.Id, call.Caller);
        var lateOffer = request.Request.Body.IsEmpty;
        if (!lateOffer)
        {
            // the vendor's answer is ours to acknowledge; the customer's ACK ends at the edge
            channel.Send(LegMessages.InDialog("ACK", LegRequest.Into(leg, 1, toVendor: true), choice.Host, CallIds.NewBranch(), null, null), target);
        }

        var answeredAt = time.GetUtcNow().ToUnixTimeMilliseconds();
        var maxDuration = TimeSpan.FromSeconds(Math.Min(call.Customer.MaxCallDurationSeconds, vendor.MaxCallDurationSeconds));
        var answer = new CallAnswer(choice, leg, answeredAt, progressAt, SdpCodecs.Names(response.Body), (long)maxDuration.TotalMilliseconds, (long)options.DeadCallCheck.TotalMilliseconds);
        if (!await call.Grain.AnsweredAsync(answer).ConfigureAwait(false))
        {
            // cancelled or ended meanwhile: the vendor is hung up, the customer hears the end of the INVITE
            channel.Send(LegMessages.InDialog("BYE", LegRequest.Into(leg, 2, toVendor: true), choice.Host, CallIds.NewBranch(), null, null), target);
            return (AttemptEnd.Final, CallResult.Failed(487, "Request Terminated", CallReleaser.Caller));
        }

        if (request.BuildAnswer(response.StatusCode, response.ReasonPhrase, LegMessages.AnswerHeaders(response, call.CustomerContact), call.OurTag, response.Body) is { } answered)
        {
            // armed before it is sent: the customer's ACK may come back before this thread goes on
            answers.Start(call.Id, answered, request.ResponseTarget, request.Channel, lateOffer);
            request.SendAnswer(response.StatusCode, answered);
        }

        return (AttemptEnd.Answered, CallResult.Up);
    }

    /// <summary>
    /// The vendor as this attempt offers it the call: where (its address, resolved when it is a name; one that does not
    /// resolve is skipped like an offline vendor), the number after its rewrite, the Request-URI.
    /// </summary>
    private async ValueTask<VendorChoice?> ChoiceAsync(RoutingGateway vendor, string number, int attempt, Transport.ISipReplyChannel arrivedOn)
    {
        if (NumberRewrite.ForVendor(vendor, number) is not { } sent
            || await vendors.ResolveAsync(vendor, CancellationToken.None).ConfigureAwait(false) is not { EndPoints: [var address, ..] })
        {
            return null;
        }

        var host = LegMessages.HostOf(address);
        var tcp = vendor.Transport == VendorTransport.Tcp;
        var uri = (sent.Length > 0 ? $"sip:{sent}@{host}" : $"sip:{host}") + (tcp ? ";transport=tcp" : string.Empty);
        var transport = tcp ? "tcp" : "udp";
        return new VendorChoice(vendor.Name, host, sent, uri, attempt, transport, channels.HostFor(transport, arrivedOn));
    }
}
