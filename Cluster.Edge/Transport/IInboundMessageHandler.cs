namespace Cluster.Edge.Transport;

/// <summary>Consumes framed SIP messages from any transport. Implementations must not throw.</summary>
public interface IInboundMessageHandler
{
    void OnMessage(in InboundMessage message);
}
