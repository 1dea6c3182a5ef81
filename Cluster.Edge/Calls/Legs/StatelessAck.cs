using System.Globalization;
using System.Text;
using Cluster.Edge.Sip;
using Cluster.Grains.Calls;

namespace Cluster.Edge.Calls.Legs;

/// <summary>
/// The ACK of a retransmitted 2xx, written from the response alone (§13.2.2.4): to its Contact, through its
/// Record-Route reversed, with its From, To, Call-ID and CSeq number. Any edge can send it.
/// </summary>
public static class StatelessAck
{
    public static byte[] Of(SipMessage answer, uint cseq, string edgeHost)
    {
        var target = DialogLegs.ContactUri(answer) ?? "sip:" + edgeHost;
        var routes = new List<string>();
        var values = answer.Values(SipHeaderName.RecordRoute);
        while (values.MoveNext())
        {
            routes.Add(Encoding.UTF8.GetString(values.Current));
        }

        routes.Reverse();
        var sb = new StringBuilder(512);
        sb.Append("ACK ").Append(target).Append(" SIP/2.0\r\n");
        sb.Append("Via: SIP/2.0/UDP ").Append(edgeHost).Append(";branch=").Append(CallIds.NewBranch()).Append(";rport\r\n");
        foreach (var route in routes)
        {
            sb.Append("Route: ").Append(route).Append("\r\n");
        }

        sb.Append("Max-Forwards: 70\r\n");
        sb.Append("From: ").Append(Encoding.UTF8.GetString(answer.FirstValue(SipHeaderName.From))).Append("\r\n");
        sb.Append("To: ").Append(Encoding.UTF8.GetString(answer.FirstValue(SipHeaderName.To))).Append("\r\n");
        sb.Append("Call-ID: ").Append(Encoding.ASCII.GetString(answer.CallId)).Append("\r\n");
        sb.Append("CSeq: ").Append(cseq.ToString(CultureInfo.InvariantCulture)).Append(" ACK\r\n");
        sb.Append("Content-Length: 0\r\n\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
