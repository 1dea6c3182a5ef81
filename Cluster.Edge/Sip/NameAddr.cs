namespace Cluster.Edge.Sip;

/// <summary>
/// From/To/Contact/Route style value (RFC 3261 §20.10): <c>"Display" &lt;uri&gt;;params</c>,
/// <c>token words &lt;uri&gt;;params</c>, or the addr-spec form <c>uri;params</c> (where every ';' parameter
/// belongs to the header, never the URI). Spans point into the input; the display name stays escaped.
/// </summary>
public readonly ref struct NameAddr
{
    /// <summary>Display name as written (quotes included when quoted), or empty.</summary>
    public ReadOnlySpan<byte> DisplayName { get; init; }

    public bool IsQuotedDisplayName { get; init; }

    /// <summary>True when the URI was enclosed in angle brackets.</summary>
    public bool HasAngleBrackets { get; init; }

    public ReadOnlySpan<byte> Uri { get; init; }

    /// <summary>Header parameters including the leading ';', or empty.</summary>
    public ReadOnlySpan<byte> Parameters { get; init; }

    public ReadOnlySpan<byte> Tag { get; init; }

    /// <summary>Display name without quotes (escapes kept), or the token words.</summary>
    public ReadOnlySpan<byte> DisplayNameUnquoted => IsQuotedDisplayName ? DisplayName[1..^1] : DisplayName;

    public bool TryGetParameter(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        bool found = SipParameters.TryFind(Parameters, name, out SipParameter p);
        value = found ? p.Value : default;
        return found;
    }

    public static bool TryParse(ReadOnlySpan<byte> input, out NameAddr value)
    {
        value = default;
        ReadOnlySpan<byte> s = SipBytes.Trim(input);
        if (s.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<byte> display = default;
        bool quoted = false;
        int i = 0;
        if (s[0] == '"')
        {
            i = SipBytes.QuotedStringEnd(s, 0);
            if (i < 0)
            {
                return false;
            }

            display = s[..i];
            quoted = true;
            i = SipBytes.SkipWs(s, i);
            if (i >= s.Length || s[i] != '<')
            {
                return false;
            }
        }
        else if (s[0] != '<')
        {
            // Either "token LWS token ... <uri>" or an addr-spec; the first non-token, non-LWS byte decides.
            int j = 0;
            while (j < s.Length && (SipBytes.IsToken(s[j]) || SipBytes.IsWs(s[j])))
            {
                j++;
            }

            if (j < s.Length && s[j] == '<')
            {
                display = SipBytes.Trim(s[..j]);
                i = j;
            }
            else
            {
                return TryParseAddrSpec(s, out value);
            }
        }

        int close = s[i..].IndexOf((byte)'>');
        if (close < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> uri = s[(i + 1)..(i + close)];

        // No whitespace inside the brackets (RFC 4475 badaspec).
        if (!SipUri.TryParse(uri, out _))
        {
            return false;
        }

        ReadOnlySpan<byte> parameters = s[(i + close + 1)..];
        if (!TryParams(parameters, out ReadOnlySpan<byte> tag))
        {
            return false;
        }

        value = new NameAddr
        {
            DisplayName = display, IsQuotedDisplayName = quoted, HasAngleBrackets = true,
            Uri = uri, Parameters = SipBytes.Trim(parameters), Tag = tag,
        };
        return true;
    }

    private static bool TryParseAddrSpec(ReadOnlySpan<byte> s, out NameAddr value)
    {
        value = default;
        int semi = s.IndexOf((byte)';');
        ReadOnlySpan<byte> uri = SipBytes.Trim(semi < 0 ? s : s[..semi]);

        // In addr-spec form a URI with '?' or ',' must have been enclosed in <> (RFC 3261 §20.10, RFC 4475 regbadct).
        if (uri.IndexOfAny((byte)'?', (byte)',') >= 0 || !SipUri.TryParse(uri, out _))
        {
            return false;
        }

        ReadOnlySpan<byte> parameters = semi < 0 ? default : s[semi..];
        if (!TryParams(parameters, out ReadOnlySpan<byte> tag))
        {
            return false;
        }

        value = new NameAddr { Uri = uri, Parameters = parameters, Tag = tag };
        return true;
    }

    private static bool TryParams(ReadOnlySpan<byte> parameters, out ReadOnlySpan<byte> tag)
    {
        tag = default;
        var e = new SipParameters(parameters);
        while (e.MoveNext())
        {
            if (System.Text.Ascii.EqualsIgnoreCase(e.Current.Name, "tag"u8))
            {
                tag = e.Current.Value;
            }
        }

        return !e.IsMalformed;
    }
}
