using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;

namespace Cluster.Edge.Calls;

/// <summary>
/// CANCEL of an INVITE this edge is routing (§16.10): answered 200 at once, then the attempt in progress
/// is cancelled towards the vendor and no further vendor is tried; the INVITE ends with 487.
/// A CANCEL for nothing known here gets 481.
/// </summary>
internal sealed class CancelHandler(PendingCalls pending, EdgeMetrics metrics) : ISipRequestHandler
{
    public ValueTask HandleAsync(SipRequestContext request)
    {
        var message = request.Request;
        if (!message.TryGetTopVia(out var via) || !pending.TryGet(PendingCalls.KeyOf(via.Branch, message.CallId), out var call))
        {
            metrics.CountRefusal("cancel_unmatched");
            request.Respond(481, "Call/Transaction Does Not Exist");
            return ValueTask.CompletedTask;
        }

        request.Respond(200, "OK");
        call!.Cancel();
        return ValueTask.CompletedTask;
    }
}
