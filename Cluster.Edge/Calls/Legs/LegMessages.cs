using System.Globalization;
using System.Net;
using System.Text;
using Cluster.Edge.Sip;
using Cluster.Grains.Calls;

namespace Cluster.Edge.Calls.Legs;

/// <summary>
/// The messages of our two dialogs, written from the leg state alone plus the crossing headers and body of the
/// message that caused them (<see cref="PassThrough"/>): nothing of one leg's addresses, Call-ID or tags reaches
/// the other. Pure: values in, bytes out.
/// </summary>
public static class LegMessages
{
    /// <summary>ip:port, IPv6 in brackets, IPv4-mapped addresses as IPv4.</summary>
    public static string HostOf(IPEndPoint endPoint)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]:{endPoint.Port}" : $"{address}:{endPoint.Port}";
    }

    /// <summary>Our Contact on either leg: the edge's address, the call's id as user (any edge finds the call by it).</summary>
    public static string Contact(string id, string edgeHost, string transport = "udp") =>
        transport.Equals("tcp", StringComparison.OrdinalIgnoreCase) ? $"<sip:{id}@{edgeHost};transport=tcp>" : $"<sip:{id}@{edgeHost}>";

    /// <summary>Our From towards the vendor: the caller's number at our address, our tag.</summary>
    public static string VendorFrom(string callerNumber, string edgeHost, string id) =>
        $"<sip:{(callerNumber.Length > 0 ? callerNumber + "@" : string.Empty)}{edgeHost}>;tag={CallIds.VendorSideTag(id)}";

    /// <summary>The INVITE of an attempt: a new dialog towards the vendor, carrying the customer's SDP.</summary>
    public static byte[] VendorInvite(SipMessage invite, VendorChoice vendor, string id, string callerNumber)
    {
        var edgeHost = vendor.Host;
        var hops = invite.TryGetMaxForwards(out var mf) ? Math.Max(0, mf - 1) : 70;
        var sb = new StringBuilder(1024 + invite.Body.Length);
        sb.Append("INVITE ").Append(vendor.RequestUri).Append(" SIP/2.0\r\n");
        AppendVia(sb, vendor.Transport, edgeHost, CallIds.InviteBranch(id, vendor.Attempt));
        sb.Append("Max-Forwards: ").Append(hops.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        sb.Append("From: ").Append(VendorFrom(callerNumber, edgeHost, id)).Append("\r\n");
        sb.Append("To: <").Append(vendor.RequestUri).Append(">\r\n");
        sb.Append("Call-ID: ").Append(CallIds.VendorCallId(id, vendor.Attempt)).Append("\r\n");
        sb.Append("CSeq: 1 INVITE\r\n");
        sb.Append("Contact: ").Append(Contact(id, edgeHost, vendor.Transport)).Append("\r\n");
        sb.Append(PassThrough.Lines(invite));
        return WithBody(sb, invite.Body);
    }

    /// <summary>CANCEL of an attempt's INVITE, from any edge: same Request-URI, Via (sent-by and branch), From, To, Call-ID, CSeq number (§9.1).</summary>
    public static byte[] VendorCancel(VendorChoice vendor, string id, string callerNumber) =>
        HopByHop("CANCEL", vendor, id, callerNumber, vendor.Host, $"<{vendor.RequestUri}>");

    /// <summary>ACK of an attempt's non-2xx final response (§17.1.1.3), with the To tag of that response.</summary>
    public static byte[] VendorFailureAck(VendorChoice vendor, string id, string callerNumber, string toHeader) =>
        HopByHop("ACK", vendor, id, callerNumber, vendor.Host, toHeader);

    /// <summary>
    /// A request into a leg of the dialog (BYE, re-INVITE, ACK, UPDATE, INFO, OPTIONS): the leg's Request-URI, route
    /// set, From, To, Call-ID and CSeq from the grain; headers and body crossing from <paramref name="cause"/>.
    /// </summary>
    public static byte[] InDialog(string method, LegRequest leg, string edgeHost, string branch, string? contact, SipMessage? cause, string? extraLines = null)
    {
        var sb = new StringBuilder(768 + (cause?.Body.Length ?? 0));
        sb.Append(method).Append(' ').Append(leg.RequestUri).Append(" SIP/2.0\r\n");
        AppendVia(sb, leg.Transport, edgeHost, branch);
        foreach (var route in leg.RouteSet)
        {
            sb.Append("Route: ").Append(route).Append("\r\n");
        }

        sb.Append("Max-Forwards: 70\r\n");
        sb.Append("From: ").Append(leg.From).Append("\r\n");
        sb.Append("To: ").Append(leg.To).Append("\r\n");
        sb.Append("Call-ID: ").Append(leg.CallId).Append("\r\n");
        sb.Append("CSeq: ").Append(leg.CSeq.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(method).Append("\r\n");
        if (contact is not null)
        {
            sb.Append("Contact: ").Append(contact).Append("\r\n");
        }

        if (cause is not null)
        {
            sb.Append(PassThrough.Lines(cause));
        }

        sb.Append(extraLines);
        return WithBody(sb, cause is null ? default : cause.Body);
    }

    /// <summary>A whole message of the other leg (a vendor's response, a copied ACK), parsed; null when it is not complete SIP.</summary>
    public static SipMessage? Parse(byte[] bytes)
    {
        var message = new SipMessage();
        return SipParser.Parse(bytes, new SipParserLimits(), SipFraming.Datagram, message).Status == SipParseStatus.Complete ? message : null;
    }

    /// <summary>The header lines our answer to one leg carries from the other leg's response: Contact (ours) and the crossing ones.</summary>
    public static byte[] AnswerHeaders(SipMessage? response, string? contact)
    {
        var lines = (contact is null ? string.Empty : $"Contact: {contact}\r\n") + (response is null ? string.Empty : PassThrough.Lines(response));
        return Encoding.UTF8.GetBytes(lines);
    }

    private static byte[] HopByHop(string method, VendorChoice vendor, string id, string callerNumber, string edgeHost, string to)
    {
        var sb = new StringBuilder(512);
        sb.Append(method).Append(' ').Append(vendor.RequestUri).Append(" SIP/2.0\r\n");
        AppendVia(sb, vendor.Transport, edgeHost, CallIds.InviteBranch(id, vendor.Attempt));
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append("From: ").Append(VendorFrom(callerNumber, edgeHost, id)).Append("\r\n");
        sb.Append("To: ").Append(to).Append("\r\n");
        sb.Append("Call-ID: ").Append(CallIds.VendorCallId(id, vendor.Attempt)).Append("\r\n");
        sb.Append("CSeq: 1 ").Append(method).Append("\r\n");
        return WithBody(sb, default);
    }

    private static void AppendVia(StringBuilder sb, string transport, string edgeHost, string branch) =>
        sb.Append(transport.Equals("tcp", StringComparison.OrdinalIgnoreCase) ? "Via: SIP/2.0/TCP " : "Via: SIP/2.0/UDP ")
            .Append(edgeHost).Append(";branch=").Append(branch).Append(";rport\r\n");

    private static byte[] WithBody(StringBuilder sb, ReadOnlySpan<byte> body)
    {
        sb.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        var head = Encoding.UTF8.GetByteCount(sb.ToString());
        var bytes = new byte[head + body.Length];
        Encoding.UTF8.GetBytes(sb.ToString(), bytes);
        body.CopyTo(bytes.AsSpan(head));
        return bytes;
    }
}
