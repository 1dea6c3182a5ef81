using System.Net;
using Cluster.Edge.Sip;

namespace Cluster.Edge.Calls.Forwarding;

/// <summary>
/// Where a relayed response goes, from the Via below ours (RFC 3261 §18.2.2 with RFC 3581): the received
/// address (else the sent-by host, which must be an IP literal: no DNS on the receive loop) at the rport
/// (else the sent-by port, else 5060). Pure.
/// </summary>
public static class ViaTarget
{
    public static IPEndPoint? Resolve(in SipVia via)
    {
        IPAddress? address = null;
        if (!via.Received.IsEmpty)
        {
            SipHost.TryParseAddress(via.Received, out address);
        }

        if (address is null && !SipHost.TryParseAddress(via.Host, out address))
        {
            return null;
        }

        if (address is null)
        {
            return null;
        }

        var port = via.Rport > 0 ? via.Rport : via.Port > 0 ? via.Port : SipResponseTarget.DefaultPort;
        return new IPEndPoint(address, port);
    }

    /// <summary>The second via-parm of <paramref name="message"/> (the hop below ours), if any.</summary>
    public static IPEndPoint? BelowTop(SipMessage message)
    {
        var values = message.Values(SipHeaderName.Via);
        if (!values.MoveNext() || !values.MoveNext())
        {
            return null;
        }

        return SipVia.TryParse(values.Current, out var via) ? Resolve(via) : null;
    }
}
