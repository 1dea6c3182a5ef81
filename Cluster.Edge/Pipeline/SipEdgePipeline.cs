using Cluster.Edge.Configuration;
using Cluster.Edge.Metrics;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Pipeline;

/// <summary>
/// A request's way through the edge: parse, sanity, transaction, act. (Stub until the SIP stack lands.)
/// </summary>
public sealed class SipEdgePipeline(EdgeSettings settings, EdgeMetrics metrics, TimeProvider time) : IInboundMessageHandler
{
    public void OnMessage(in InboundMessage message)
    {
        _ = settings;
        _ = time;
        metrics.CountReceived();
    }
}
