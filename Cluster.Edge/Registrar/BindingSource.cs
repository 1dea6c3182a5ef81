using System.Net;
using Cluster.Edge.Transport;

namespace Cluster.Edge.Registrar;

/// <summary>
/// Where a binding's REGISTER came from, as the endpoint grain stores it: <c>udp:203.0.113.7:5060</c>.
/// A call from a registered device (mapping gateway auth registration) is recognised by the same text,
/// so both sides must write it here.
/// </summary>
internal static class BindingSource
{
    public static string Of(SipTransportKind transport, IPEndPoint remote) =>
        $"{(transport == SipTransportKind.Tcp ? "tcp" : "udp")}:{remote}";
}
