using Cluster.Edge.Sip;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Pipeline;

/// <summary>
/// Takes messages that belong to no server transaction of this edge: responses (for client
/// transactions of the call path) and ACKs for 2xx (end-to-end, forwarded statelessly by the proxy).
/// Runs synchronously on the receive loop; the parsed message and the bytes are valid only during the call.
/// </summary>
public interface ISipMessageSink
{
    void Accept(in InboundMessage message, SipMessage parsed);
}
