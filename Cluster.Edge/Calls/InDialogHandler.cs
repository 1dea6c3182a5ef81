using System.Net;
using System.Text;
using Cluster.Edge.Calls.Legs;
using Cluster.Edge.Calls.Transactions;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Sip;
using Cluster.Grains;
using Cluster.Grains.Calls;
using Microsoft.Extensions.Logging;

namespace Cluster.Edge.Calls;

/// <summary>
/// Requests inside a call from either party (BYE, re-INVITE, UPDATE, INFO, OPTIONS, PRACK), on any edge: the call is
/// found from the request alone (<see cref="IdOf"/>), its grain says which leg it came on and writes the request for
/// the other leg from its own state (Request-URI, route set, tags, CSeq), so a forged request can only ever reach a
/// party of that call. The other party's answer is copied back with our Contact. A BYE is answered at once and ends
/// the call on its grain (lines back, CDR) before it goes on. Out of a dialog, OPTIONS is answered here.
/// </summary>
internal sealed class InDialogHandler(
    IClusterGrains grains,
    Provisioning.EdgeProvisioning provisioning,
    ClientTransactionTable transactions,
    LegChannels channels,
    CallOptions options,
    TimeProvider time,
    EdgeMetrics metrics,
    ILogger logger) : ISipRequestHandler
{
    public bool TryAnswerAtOnce(SipMessage request, IPAddress source, long nowMs, out ImmediateAnswer answer)
    {
        if (request.Method == SipMethod.Options && request.ToTag.IsEmpty)
        {
            answer = ImmediateAnswer.Respond(200, "OK", LocalAnswer.CapabilityHeaders.ToArray());
            return true;
        }

        answer = default;
        return false;
    }

    /// <summary>The call a request belongs to: by our vendor-side Call-ID, else by the customer's Call-ID and From tag.</summary>
    public static string IdOf(SipMessage message) =>
        CallIds.TryOfVendorCallId(message.CallId, out var id) ? id : CallIds.Of(message.CallId, message.FromTag);

    public async ValueTask HandleAsync(SipRequestContext request)
    {
        var message = request.Request;
        message.TryGetCSeq(out var cseq, out _, out _);
        var id = IdOf(message);
        var method = Encoding.ASCII.GetString(message.MethodName);
        ICallGrain grain;
        InDialogVerdict verdict;
        try
        {
            grain = grains.GetCallGrain(id);
            verdict = await grain.InDialogAsync(new InDialogRequest(
                method, Encoding.ASCII.GetString(message.CallId), Encoding.ASCII.GetString(message.FromTag), cseq,
                LegMessages.HostOf(request.Remote), time.GetUtcNow().ToUnixTimeMilliseconds(), Q850.CauseOf(message))).ConfigureAwait(false);
        }
        catch (GrainUnavailableException)
        {
            metrics.CountRefusal("grain_unavailable");
            request.Respond(503, "Service Unavailable", "Retry-After: 5\r\n"u8);
            return;
        }

        switch (verdict.Outcome)
        {
            case InDialogOutcome.NoCall:
                metrics.CountRefusal("no_dialog");
                request.Respond(481, "Call/Transaction Does Not Exist");
                return;
            case InDialogOutcome.Forbidden when !provisioning.Parameters.ReplyUnauthorized:
                // SS_REPLY_UNAUTHORIZED off: a stranger learns nothing, not even that the call exists
                metrics.CountDrop("dialog_foreign_source");
                request.Ignore();
                return;
            case InDialogOutcome.Forbidden:
                metrics.CountRefusal("dialog_foreign_source");
                request.Respond(403, "Forbidden");
                return;
            case InDialogOutcome.Glare:
                request.Respond(491, "Request Pending");
                return;
            case InDialogOutcome.Absorb:
                request.Respond(200, "OK");
                return;
        }

        var onward = verdict.Onward!;
        var target = IPEndPoint.Parse(onward.Target);
        if (await channels.ForAsync(onward.Transport, target, request.Channel).ConfigureAwait(false) is not { } channel)
        {
            request.Respond(message.Method == SipMethod.Bye ? 200 : 503, message.Method == SipMethod.Bye ? "OK" : "Service Unavailable");
            return;
        }

        var edgeHost = channels.HostFor(onward.Transport, channel);
        var dialogForming = message.Method is SipMethod.Invite or SipMethod.Update;
        var contact = dialogForming ? LegMessages.Contact(id, edgeHost, onward.Transport) : null;
        var arrivedOver = request.Channel.Kind == Transport.SipTransportKind.Tcp ? "tcp" : "udp";
        var ours = dialogForming ? LegMessages.Contact(id, channels.HostFor(arrivedOver, request.Channel), arrivedOver) : null;
        var branch = CallIds.NewBranch();
        var bytes = LegMessages.InDialog(method, onward, edgeHost, branch, contact, message);
        var forward = new ClientTransaction(ClientTransactionTable.KeyOf(branch, method), bytes, target, channel, invite: message.Method == SipMethod.Invite, onProvisional: null);
        if (message.Method == SipMethod.Bye)
        {
            // the call is over for us: the sender hears so at once, the other party gets its BYE retransmitted
            request.Respond(200, "OK");
            _ = ByeAsync(forward, id);
            return;
        }

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

        var response = final is null ? null : LegMessages.Parse(final.Bytes);
        if (message.Method == SipMethod.Invite && (response is null || response.StatusCode >= 300))
        {
            if (response is not null)
            {
                // a failed re-INVITE is acknowledged hop by hop; the sender's ACK ends at our server transaction
                channel.Send(LegMessages.InDialog("ACK", onward, edgeHost, branch, null, null), target);
            }

            await grain.ReinviteDoneAsync(cseq).ConfigureAwait(false);
        }

        if (response is null)
        {
            request.Respond(408, "Request Timeout");
            return;
        }

        request.Answer(response.StatusCode, response.ReasonPhrase, LegMessages.AnswerHeaders(response, response.StatusCode is >= 200 and < 300 ? ours : null), default, response.Body);
    }

    private async Task ByeAsync(ClientTransaction bye, string id)
    {
        transactions.Add(bye);
        try
        {
            if (await bye.RunAsync(options.Timers, time).ConfigureAwait(false) is null)
            {
                CallsLog.ByeUnanswered(logger, id, bye.Target.ToString());
            }
        }
        catch (Exception e)
        {
            CallsLog.ByeUnanswered(logger, id, e.Message);
        }
        finally
        {
            transactions.Remove(bye);
        }
    }
}
