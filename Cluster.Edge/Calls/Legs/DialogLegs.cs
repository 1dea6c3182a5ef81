using System.Net;
using System.Text;
using Cluster.Edge.Sip;
using Cluster.Grains.Calls;

namespace Cluster.Edge.Calls.Legs;

/// <summary>Our two dialogs' state as read from the messages that create them (RFC 3261 §12.1): the INVITE and the 2xx.</summary>
public static class DialogLegs
{
    /// <summary>
    /// The customer's leg as its INVITE sets it up (we are the UAS): its Call-ID, our To with our tag, its From,
    /// its Contact as target, its Record-Route as route set, in order.
    /// </summary>
    public static CallLeg Customer(SipMessage invite, IPEndPoint source, string id, string transport = "udp")
    {
        invite.TryGetCSeq(out var cseq, out _, out _);
        return new CallLeg
        {
            CallId = Encoding.ASCII.GetString(invite.CallId),
            Local = Encoding.UTF8.GetString(WithoutTag(invite.FirstValue(SipHeaderName.To))) + ";tag=" + CallIds.CustomerSideTag(id),
            Remote = Encoding.UTF8.GetString(invite.FirstValue(SipHeaderName.From)),
            RemoteTag = Encoding.ASCII.GetString(invite.FromTag),
            RemoteTarget = ContactUri(invite) ?? $"sip:{LegMessages.HostOf(source)}",
            RouteSet = RouteValues(invite, reversed: false),
            Address = LegMessages.HostOf(Normal(source)),
            Transport = transport,
            RemoteInviteCSeq = cseq,
        };
    }

    /// <summary>The vendor's leg as its 2xx sets it up (we are the UAC): its To with its tag, its Contact, its Record-Route reversed.</summary>
    public static CallLeg Vendor(SipMessage answer, VendorChoice vendor, string id, string callerNumber) => new()
    {
        CallId = CallIds.VendorCallId(id, vendor.Attempt),
        Local = LegMessages.VendorFrom(callerNumber, vendor.Host, id),
        Remote = Encoding.UTF8.GetString(answer.FirstValue(SipHeaderName.To)),
        RemoteTag = Encoding.ASCII.GetString(answer.ToTag),
        RemoteTarget = ContactUri(answer) ?? vendor.RequestUri,
        RouteSet = RouteValues(answer, reversed: true),
        Address = vendor.Address,
        Transport = vendor.Transport,
        LocalCSeq = 1,
        InviteCSeq = 1,
    };

    /// <summary>The URI of the first Contact, or null when there is none to use.</summary>
    public static string? ContactUri(SipMessage message)
    {
        var values = message.Values(SipHeaderName.Contact);
        if (!values.MoveNext() || !NameAddr.TryParse(values.Current, out var contact) || contact.Uri.IsEmpty)
        {
            return null;
        }

        return Encoding.UTF8.GetString(contact.Uri);
    }

    private static List<string> RouteValues(SipMessage message, bool reversed)
    {
        var routes = new List<string>();
        var values = message.Values(SipHeaderName.RecordRoute);
        while (values.MoveNext())
        {
            routes.Add(Encoding.UTF8.GetString(values.Current));
        }

        if (reversed)
        {
            routes.Reverse();
        }

        return routes;
    }

    private static ReadOnlySpan<byte> WithoutTag(ReadOnlySpan<byte> value)
    {
        var tag = value.IndexOf(";tag="u8);
        return tag < 0 ? value : value[..tag];
    }

    private static IPEndPoint Normal(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
}
