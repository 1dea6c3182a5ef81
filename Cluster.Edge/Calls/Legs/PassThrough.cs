using System.Text;
using Cluster.Edge.Sip;

namespace Cluster.Edge.Calls.Legs;

/// <summary>
/// The header fields that cross from one leg to the other (topology hiding): those describing the session and its
/// body, none that carries an address, a host, a Call-ID or a tag. Via, Route, Record-Route, Contact, From, To,
/// Call-ID, CSeq, Max-Forwards are ours on each leg; User-Agent, Server, Warning, Organization, Call-Info,
/// P-Asserted-Identity, Remote-Party-ID and everything unknown can name a party's host and stop here; credentials
/// never cross. <c>100rel</c> is taken out of Supported: reliable provisionals end at the edge that receives them.
/// </summary>
public static class PassThrough
{
    // written with their full names: compact forms (c, k, e, o) arrive too
    private static readonly Dictionary<SipHeaderName, string> s_crossing = new()
    {
        [SipHeaderName.ContentType] = "Content-Type",
        [SipHeaderName.ContentDisposition] = "Content-Disposition",
        [SipHeaderName.ContentEncoding] = "Content-Encoding",
        [SipHeaderName.ContentLanguage] = "Content-Language",
        [SipHeaderName.Accept] = "Accept",
        [SipHeaderName.AcceptEncoding] = "Accept-Encoding",
        [SipHeaderName.AcceptLanguage] = "Accept-Language",
        [SipHeaderName.Allow] = "Allow",
        [SipHeaderName.Supported] = "Supported",
        [SipHeaderName.SessionExpires] = "Session-Expires",
        [SipHeaderName.MinSE] = "Min-SE",
        [SipHeaderName.Subject] = "Subject",
        [SipHeaderName.Priority] = "Priority",
        [SipHeaderName.Reason] = "Reason",
        [SipHeaderName.RetryAfter] = "Retry-After",
        [SipHeaderName.Unsupported] = "Unsupported",
        [SipHeaderName.Expires] = "Expires",
        [SipHeaderName.Privacy] = "Privacy",
        [SipHeaderName.Event] = "Event",
        [SipHeaderName.MimeVersion] = "MIME-Version",
    };

    public static bool Crosses(SipHeaderName name) => s_crossing.ContainsKey(name);

    /// <summary>The crossing header lines of <paramref name="message"/>, ready to write into the other leg.</summary>
    public static string Lines(SipMessage message)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < message.HeaderCount; i++)
        {
            var header = message.Header(i);
            if (!s_crossing.TryGetValue(header.Name, out var fieldName))
            {
                continue;
            }

            var value = Encoding.UTF8.GetString(header.Value);
            if (header.Name == SipHeaderName.Supported)
            {
                value = string.Join(", ", value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Where(o => !o.Equals("100rel", StringComparison.OrdinalIgnoreCase)));
                if (value.Length == 0)
                {
                    continue;
                }
            }

            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                continue;
            }

            sb.Append(fieldName).Append(": ").Append(value).Append("\r\n");
        }

        return sb.ToString();
    }
}
