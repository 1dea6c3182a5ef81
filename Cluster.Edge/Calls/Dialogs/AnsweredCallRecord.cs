using System.Net;
using System.Text;
using Cluster.Edge.Sip;
using Cluster.Grains;

namespace Cluster.Edge.Calls.Dialogs;

/// <summary>
/// Builds the <see cref="AnsweredCall"/> the cluster keeps for an answered call from the customer's INVITE and
/// the vendor's 2xx: the caller's From, the callee's To (with the tag the 2xx chose), each side's Contact (the
/// remote target of a BYE towards it; its signalling address when it sent none) and the INVITE's CSeq. Pure.
/// </summary>
public static class AnsweredCallRecord
{
    public static AnsweredCall? Of(
        SipMessage invite, byte[] answer, string mapping, string routing, IPEndPoint customer, IPEndPoint vendor, long answeredAtMs)
    {
        var response = new SipMessage();
        if (SipParser.Parse(answer, new SipParserLimits(), SipFraming.Datagram, response).Status != SipParseStatus.Complete
            || response.ToTag.IsEmpty || !invite.TryGetCSeq(out var cseq, out _, out _))
        {
            return null;
        }

        return new AnsweredCall(
            Encoding.ASCII.GetString(invite.CallId),
            mapping,
            routing,
            answeredAtMs,
            DialogRoute.Format(customer),
            DialogRoute.Format(vendor),
            Encoding.UTF8.GetString(invite.FirstValue(SipHeaderName.From)),
            Encoding.UTF8.GetString(response.FirstValue(SipHeaderName.To)),
            ContactUri(invite) ?? $"sip:{DialogRoute.Format(customer)}",
            ContactUri(response) ?? $"sip:{DialogRoute.Format(vendor)}",
            cseq);
    }

    private static string? ContactUri(SipMessage message)
    {
        var contacts = message.Values(SipHeaderName.Contact);
        return contacts.MoveNext() && NameAddr.TryParse(contacts.Current, out var contact) && !contact.Uri.IsEmpty
            ? Encoding.UTF8.GetString(contact.Uri)
            : null;
    }
}
