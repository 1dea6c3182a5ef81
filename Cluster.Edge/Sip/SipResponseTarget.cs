using System.Net;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Sip;

/// <summary>Where a stateless response goes (RFC 3261 §18.2.2 with RFC 3581 rport).</summary>
public static class SipResponseTarget
{
    public const int DefaultPort = 5060;
    public const int DefaultTlsPort = 5061;

    /// <summary>
    /// Reliable transports answer on the connection the request came from, i.e. the source. Otherwise: rport
    /// present → source address and port (RFC 3581 §4); maddr → that address at the sent-by port; else the
    /// received address (the source, which is what received records) at the sent-by port, default 5060.
    /// A maddr that is a host name cannot be resolved here without blocking, so it falls back to the source address.
    /// </summary>
    public static IPEndPoint Resolve(in SipVia topVia, IPEndPoint source, SipTransportKind transport)
    {
        if (transport == SipTransportKind.Tcp || topVia.HasRport)
        {
            return source;
        }

        int port = topVia.Port != 0
            ? topVia.Port
            : System.Text.Ascii.EqualsIgnoreCase(topVia.Transport, "TLS"u8) ? DefaultTlsPort : DefaultPort;

        if (!topVia.Maddr.IsEmpty && SipHost.TryParseAddress(topVia.Maddr, out IPAddress? maddr) && maddr is not null)
        {
            return new IPEndPoint(maddr, port);
        }

        IPAddress address = source.Address;
        if (!topVia.Received.IsEmpty && SipHost.TryParseAddress(topVia.Received, out IPAddress? received) && received is not null)
        {
            address = received;
        }

        return port == source.Port && address.Equals(source.Address) ? source : new IPEndPoint(address, port);
    }
}
