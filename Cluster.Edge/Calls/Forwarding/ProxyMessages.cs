using System.Net;
using System.Text;
using Cluster.Edge.Sip;

namespace Cluster.Edge.Calls.Forwarding;

/// <summary>
/// The bytes a record-routing proxy sends (RFC 3261 §16.6): a forwarded request with our Via on top, the
/// previous hop's Via marked with received/rport (so responses find it statelessly, even behind NAT),
/// Max-Forwards decremented, our Record-Route and the new Request-URI, no credentials; a response with our Via removed.
/// Pure: parsed message in, bytes out.
/// </summary>
public static class ProxyMessages
{
    /// <summary>Branch prefix of every Via this edge writes; responses carrying it are ours.</summary>
    public const string BranchPrefix = "z9hG4bKcx";

    public static string NewBranch() => BranchPrefix + Guid.NewGuid().ToString("N")[..20];

    public static string ViaLine(IPEndPoint local, string branch) =>
        $"Via: SIP/2.0/UDP {Dialogs.DialogRoute.Format(local)};branch={branch};rport\r\n";

    /// <summary>
    /// The request forwarded to the next hop. <paramref name="requestUri"/> null keeps it; <paramref name="recordRoute"/>
    /// null adds none; <paramref name="removeTopRoute"/> drops our own Route (loose routing, §16.4);
    /// Authorization and Proxy-Authorization are always removed (<see cref="RemoveCredentials"/>).
    /// </summary>
    public static byte[]? Forward(
        SipMessage request, IPEndPoint previousHop, IPEndPoint local, string branch, string? requestUri,
        string? recordRoute, bool removeTopRoute)
    {
        var writer = new SipMessageWriter();
        writer.Begin(request);
        if (requestUri is not null)
        {
            writer.ReplaceRequestUri(Encoding.ASCII.GetBytes(requestUri));
        }

        writer.InsertHeaderLineAtTop(Encoding.ASCII.GetBytes(ViaLine(local, branch)));
        var via = request.IndexOf(SipHeaderName.Via);
        if (via >= 0 && MarkedVia(request.Header(via).Value, previousHop) is { } marked)
        {
            writer.ReplaceHeaderValue(via, marked);
        }

        if (request.TryGetMaxForwards(out var hops))
        {
            writer.ReplaceHeaderValue(request.IndexOf(SipHeaderName.MaxForwards), Encoding.ASCII.GetBytes((hops - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        else
        {
            writer.InsertHeaderLine(request.HeaderCount, "Max-Forwards: 70\r\n"u8.ToArray());
        }

        if (recordRoute is not null)
        {
            writer.InsertHeaderLineAtTop(Encoding.ASCII.GetBytes(recordRoute));
        }

        if (removeTopRoute)
        {
            RemoveFirstValue(request, writer, SipHeaderName.Route);
        }

        RemoveCredentials(request, writer);
        return Write(writer);
    }

    /// <summary>The response without its top Via (ours), ready for the hop below.</summary>
    public static byte[]? WithoutTopVia(SipMessage response)
    {
        var writer = new SipMessageWriter();
        writer.Begin(response);
        if (!RemoveFirstValue(response, writer, SipHeaderName.Via))
        {
            return null;
        }

        RemoveCredentials(response, writer);
        return Write(writer);
    }

    /// <summary>
    /// The 2xx with <c>;at=ANSWER_MS</c> added to our Record-Route URI (a proxy may rewrite its own
    /// Record-Route in responses, §16.7 step 4); unchanged when ours is not found.
    /// </summary>
    public static byte[] WithAnswerTime(byte[] response, long answeredAtMs)
    {
        var message = new SipMessage();
        if (SipParser.Parse(response, new SipParserLimits(), SipFraming.Datagram, message).Status != SipParseStatus.Complete)
        {
            return response;
        }

        for (var i = message.IndexOf(SipHeaderName.RecordRoute); i >= 0; i = message.IndexOf(SipHeaderName.RecordRoute, i + 1))
        {
            var value = Encoding.ASCII.GetString(message.Header(i).Value);
            var ours = value.IndexOf(";cx=", StringComparison.Ordinal);
            var close = ours < 0 ? -1 : value.IndexOf('>', ours);
            if (close < 0)
            {
                continue;
            }

            var writer = new SipMessageWriter();
            writer.Begin(message);
            var stamped = string.Concat(value.AsSpan(0, close), ";at=", answeredAtMs.ToString(System.Globalization.CultureInfo.InvariantCulture), value.AsSpan(close));
            writer.ReplaceHeaderValue(i, Encoding.ASCII.GetBytes(stamped));
            return Write(writer) ?? response;
        }

        return response;
    }

    /// <summary>Writes CANCEL (§9.1) or the ACK of a non-2xx final response (§17.1.1.3) for a forwarded INVITE.</summary>
    public static byte[] HopByHop(string method, ForwardedInvite invite, string? toHeader = null)
    {
        var text = $"{method} {invite.RequestUri} SIP/2.0\r\n{invite.ViaLine}Max-Forwards: 70\r\nFrom: {invite.From}\r\nTo: {toHeader ?? invite.To}\r\nCall-ID: {invite.CallId}\r\nCSeq: {invite.CSeq} {method}\r\nContent-Length: 0\r\n\r\n";
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>The top via-parm with received and rport set to where it really came from, plus any further via-parms.</summary>
    private static byte[]? MarkedVia(ReadOnlySpan<byte> value, IPEndPoint previousHop)
    {
        var values = new SipHeaderValues(value);
        if (!values.MoveNext() || !SipVia.TryParse(values.Current, out var via))
        {
            return null;
        }

        var element = values.Current;
        var sb = new StringBuilder(value.Length + 40);
        sb.Append(Encoding.ASCII.GetString(element[..via.ParametersOffset]));
        foreach (var p in new SipParameters(element[via.ParametersOffset..]))
        {
            if (!Ascii.EqualsIgnoreCase(p.Name, "rport"u8) && !Ascii.EqualsIgnoreCase(p.Name, "received"u8))
            {
                sb.Append(Encoding.ASCII.GetString(element[via.ParametersOffset..][p.Start..p.End]));
            }
        }

        var address = previousHop.Address.IsIPv4MappedToIPv6 ? previousHop.Address.MapToIPv4() : previousHop.Address;
        sb.Append(";received=").Append(address).Append(";rport=").Append(previousHop.Port);
        sb.Append(Encoding.ASCII.GetString(value[values.CurrentEnd..]));
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>
    /// Credentials of one party never leave towards another: a customer's Proxy-Authorization was for us (or for
    /// nobody), and an Authorization is between a UA and its registrar. Dropped from every request forwarded in
    /// either direction (INVITE, ACK, BYE, re-INVITE, …) and from every relayed response, where none belongs.
    /// </summary>
    private static void RemoveCredentials(SipMessage message, SipMessageWriter writer)
    {
        for (var i = 0; i < message.HeaderCount; i++)
        {
            if (message.Header(i).Name is SipHeaderName.Authorization or SipHeaderName.ProxyAuthorization)
            {
                writer.RemoveHeader(i);
            }
        }
    }

    /// <summary>Drops the first comma-element of the first header named <paramref name="name"/>.</summary>
    private static bool RemoveFirstValue(SipMessage message, SipMessageWriter writer, SipHeaderName name)
    {
        var index = message.IndexOf(name);
        if (index < 0)
        {
            return false;
        }

        var value = message.Header(index).Value;
        var values = new SipHeaderValues(value);
        if (!values.MoveNext())
        {
            return writer.RemoveHeader(index);
        }

        var rest = value[values.CurrentEnd..];
        var comma = rest.IndexOf((byte)',');
        return comma < 0
            ? writer.RemoveHeader(index)
            : writer.ReplaceHeaderValue(index, SipBytes.Trim(rest[(comma + 1)..]).ToArray());
    }

    private static byte[]? Write(SipMessageWriter writer)
    {
        var buffer = new byte[writer.MaxLength() + 256];
        var n = writer.Write(buffer);
        return n < 0 ? null : buffer.AsSpan(0, n).ToArray();
    }
}
