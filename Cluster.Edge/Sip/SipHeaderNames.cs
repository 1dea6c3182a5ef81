using System.Text;

namespace Cluster.Edge.Sip;

/// <summary>
/// Maps raw header-name bytes to <see cref="SipHeaderName"/> case-insensitively without allocating.
/// Names are bucketed by length so a lookup compares against at most a handful of candidates.
/// </summary>
internal static class SipHeaderNames
{
    private static readonly (byte[] Name, SipHeaderName Value)[][] _byLength = Build();

    public static SipHeaderName Lookup(ReadOnlySpan<byte> name)
    {
        if ((uint)name.Length >= (uint)_byLength.Length)
        {
            return SipHeaderName.Unknown;
        }

        if (name.Length == 1)
        {
            return Compact(name[0]);
        }

        // Lower-casing the first byte once filters nearly every candidate before the full compare.
        byte first = (byte)(name[0] | 0x20);
        foreach (var (candidate, value) in _byLength[name.Length])
        {
            if (candidate[0] == first && Ascii.EqualsIgnoreCase(candidate, name))
            {
                return value;
            }
        }

        return SipHeaderName.Unknown;
    }

    private static SipHeaderName Compact(byte b) => (b | 0x20) switch
    {
        'a' => SipHeaderName.AcceptContact,
        'b' => SipHeaderName.ReferredBy,
        'c' => SipHeaderName.ContentType,
        'e' => SipHeaderName.ContentEncoding,
        'f' => SipHeaderName.From,
        'i' => SipHeaderName.CallId,
        'k' => SipHeaderName.Supported,
        'l' => SipHeaderName.ContentLength,
        'm' => SipHeaderName.Contact,
        'o' => SipHeaderName.Event,
        'r' => SipHeaderName.ReferTo,
        's' => SipHeaderName.Subject,
        't' => SipHeaderName.To,
        'u' => SipHeaderName.AllowEvents,
        'v' => SipHeaderName.Via,
        'x' => SipHeaderName.SessionExpires,
        'y' => SipHeaderName.Identity,
        _ => SipHeaderName.Unknown,
    };

    private static (byte[], SipHeaderName)[][] Build()
    {
        // Built once at type init; the lower-case canonical spelling is what the lookup compares against.
        (string Name, SipHeaderName Value)[] all =
        [
            ("accept", SipHeaderName.Accept), ("accept-contact", SipHeaderName.AcceptContact),
            ("accept-encoding", SipHeaderName.AcceptEncoding), ("accept-language", SipHeaderName.AcceptLanguage),
            ("alert-info", SipHeaderName.AlertInfo), ("allow", SipHeaderName.Allow),
            ("allow-events", SipHeaderName.AllowEvents), ("authentication-info", SipHeaderName.AuthenticationInfo),
            ("authorization", SipHeaderName.Authorization), ("call-id", SipHeaderName.CallId),
            ("call-info", SipHeaderName.CallInfo), ("contact", SipHeaderName.Contact),
            ("content-disposition", SipHeaderName.ContentDisposition), ("content-encoding", SipHeaderName.ContentEncoding),
            ("content-language", SipHeaderName.ContentLanguage), ("content-length", SipHeaderName.ContentLength),
            ("content-type", SipHeaderName.ContentType), ("cseq", SipHeaderName.CSeq), ("date", SipHeaderName.Date),
            ("error-info", SipHeaderName.ErrorInfo), ("event", SipHeaderName.Event), ("expires", SipHeaderName.Expires),
            ("from", SipHeaderName.From), ("identity", SipHeaderName.Identity), ("in-reply-to", SipHeaderName.InReplyTo),
            ("max-forwards", SipHeaderName.MaxForwards), ("mime-version", SipHeaderName.MimeVersion),
            ("min-expires", SipHeaderName.MinExpires), ("min-se", SipHeaderName.MinSE),
            ("organization", SipHeaderName.Organization), ("p-asserted-identity", SipHeaderName.PAssertedIdentity),
            ("p-preferred-identity", SipHeaderName.PPreferredIdentity), ("path", SipHeaderName.Path),
            ("priority", SipHeaderName.Priority), ("privacy", SipHeaderName.Privacy),
            ("proxy-authenticate", SipHeaderName.ProxyAuthenticate), ("proxy-authorization", SipHeaderName.ProxyAuthorization),
            ("proxy-require", SipHeaderName.ProxyRequire), ("rack", SipHeaderName.RAck), ("reason", SipHeaderName.Reason),
            ("record-route", SipHeaderName.RecordRoute), ("refer-to", SipHeaderName.ReferTo),
            ("referred-by", SipHeaderName.ReferredBy), ("reply-to", SipHeaderName.ReplyTo),
            ("replaces", SipHeaderName.Replaces), ("require", SipHeaderName.Require),
            ("retry-after", SipHeaderName.RetryAfter), ("route", SipHeaderName.Route), ("rseq", SipHeaderName.RSeq),
            ("server", SipHeaderName.Server), ("service-route", SipHeaderName.ServiceRoute),
            ("session-expires", SipHeaderName.SessionExpires), ("subject", SipHeaderName.Subject),
            ("subscription-state", SipHeaderName.SubscriptionState), ("supported", SipHeaderName.Supported),
            ("timestamp", SipHeaderName.Timestamp), ("to", SipHeaderName.To), ("unsupported", SipHeaderName.Unsupported),
            ("user-agent", SipHeaderName.UserAgent), ("via", SipHeaderName.Via), ("warning", SipHeaderName.Warning),
            ("www-authenticate", SipHeaderName.WwwAuthenticate),
        ];

        int maxLength = all.Max(e => e.Name.Length);
        var buckets = new List<(byte[], SipHeaderName)>[maxLength + 1];
        for (int i = 0; i < buckets.Length; i++)
        {
            buckets[i] = [];
        }

        foreach (var (name, value) in all)
        {
            buckets[name.Length].Add((Encoding.ASCII.GetBytes(name), value));
        }

        return buckets.Select(b => b.ToArray()).ToArray();
    }
}
