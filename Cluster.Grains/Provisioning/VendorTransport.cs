namespace Cluster.Grains.Provisioning;

/// <summary>routing_gateways[].transport: how the vendor's signalling is reached, and which SRV name is asked (RFC 3263 §4.1).</summary>
public enum VendorTransport
{
    /// <summary><c>udp</c> (default): <c>_sip._udp.NAME</c>.</summary>
    Udp,

    /// <summary><c>tcp</c>: <c>_sip._tcp.NAME</c>.</summary>
    Tcp,
}
