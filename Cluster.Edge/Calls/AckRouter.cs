using Cluster.Edge.Calls.Dialogs;
using Cluster.Edge.Calls.Forwarding;
using Cluster.Edge.Metrics;
using Cluster.Edge.Pipeline;
using Cluster.Edge.Provisioning;
using Cluster.Edge.Sip;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Calls;

/// <summary>
/// ACKs for 2xx (end to end, their own transaction): forwarded statelessly on the receive loop by our
/// Route header, towards the side that did not send it.
/// </summary>
internal sealed class AckRouter(EdgeProvisioning provisioning, EdgeMetrics metrics) : ISipMessageSink
{
    public void Accept(in InboundMessage message, SipMessage parsed)
    {
        if (!InDialogHandler.TryRouteOf(parsed, out var route))
        {
            metrics.CountDrop("ack_without_transaction");
            return;
        }

        var fromCaller = route!.IsFromCaller(parsed.FromTag);
        if (!DialogRouteCheck.Allows(route, message.Remote.Address, fromCaller, provisioning.Current))
        {
            metrics.CountDrop("dialog_route_refused");
            return;
        }

        var target = fromCaller ? route.Vendor : route.Customer;
        var bytes = ProxyMessages.Forward(parsed, message.Remote, message.Channel.LocalEndPoint, ProxyMessages.NewBranch(), requestUri: null, recordRoute: null, removeTopRoute: true);
        if (bytes is null || message.Channel.Kind != SipTransportKind.Udp)
        {
            metrics.CountDrop("ack_not_forwarded");
            return;
        }

        message.Channel.Send(bytes, target);
    }
}
