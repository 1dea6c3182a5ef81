namespace Cluster.Edge.Transport;

/// <summary>The transport a message arrived on; decides Via transport and retransmission rules.</summary>
public enum SipTransportKind
{
    Udp,
    Tcp,
}
