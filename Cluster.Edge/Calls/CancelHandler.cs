using System.Net;
using Cluster.Edge.Calls.Legs;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Grains;
using Cluster.Grains.Calls;

namespace Cluster.Edge.Calls;

/// <summary>
/// CANCEL (§9.2), on any edge: answered 200 when the call still rings. When this edge routes the INVITE, the attempt
/// in progress is cancelled here; otherwise the call grain marks the call cancelled (no further vendor is tried) and
/// gives the attempt's identity, and this edge sends the vendor a CANCEL matching that INVITE. The edge routing it
/// then relays the vendor's 487. A CANCEL for nothing ringing gets 481.
/// </summary>
internal sealed class CancelHandler(PendingCalls pending, IClusterGrains grains, LegChannels channels, EdgeMetrics metrics) : ISipRequestHandler
{
    public async ValueTask HandleAsync(SipRequestContext request)
    {
        var message = request.Request;
        if (message.TryGetTopVia(out var via) && pending.TryGet(PendingCalls.KeyOf(via.Branch, message.CallId), out var call))
        {
            request.Respond(200, "OK");
            call!.Cancel();
            return;
        }

        var id = CallIds.Of(message.CallId, message.FromTag);
        CancelVerdict verdict;
        try
        {
            verdict = await grains.GetCallGrain(id).CancelAsync(LegMessages.HostOf(request.Remote)).ConfigureAwait(false);
        }
        catch (GrainUnavailableException)
        {
            metrics.CountRefusal("grain_unavailable");
            request.Respond(503, "Service Unavailable", "Retry-After: 5\r\n"u8);
            return;
        }

        if (!verdict.Ringing)
        {
            metrics.CountRefusal("cancel_unmatched");
            request.Respond(481, "Call/Transaction Does Not Exist");
            return;
        }

        request.Respond(200, "OK");
        if (verdict.Attempt is { } attempt && IPEndPoint.TryParse(attempt.Address, out var vendor)
            && await channels.ForAsync(attempt.Transport, vendor, request.Channel).ConfigureAwait(false) is { } channel)
        {
            channel.Send(LegMessages.VendorCancel(attempt, id, verdict.CallerNumber), vendor);
        }
    }
}
