using System.Text;

namespace Cluster.Edge.Sip;

/// <summary>
/// A parsed URI: sip/sips (RFC 3261 §19.1, IPv6 per RFC 5118), tel (RFC 3966), or any other absolute URI
/// (<see cref="SipUriScheme.Other"/>, syntax-checked only so the inspector can answer 416). Escapes are validated
/// but not decoded; spans point into the input.
/// </summary>
public readonly ref struct SipUri
{
    public SipUriScheme Scheme { get; init; }

    public ReadOnlySpan<byte> SchemeName { get; init; }

    /// <summary>The whole URI as given.</summary>
    public ReadOnlySpan<byte> Raw { get; init; }

    /// <summary>User part (still escaped), empty when absent. For tel: empty.</summary>
    public ReadOnlySpan<byte> User { get; init; }

    public bool HasPassword { get; init; }

    public ReadOnlySpan<byte> Password { get; init; }

    /// <summary>Host as written; IPv6 references keep brackets.</summary>
    public ReadOnlySpan<byte> Host { get; init; }

    /// <summary>Port, or 0 when absent.</summary>
    public int Port { get; init; }

    /// <summary>For tel: the telephone-subscriber number (e.g. <c>+1-201-555-0123</c>).</summary>
    public ReadOnlySpan<byte> Number { get; init; }

    /// <summary>Parameter section including its leading ';', or empty.</summary>
    public ReadOnlySpan<byte> Parameters { get; init; }

    /// <summary>Header section after '?', or empty.</summary>
    public ReadOnlySpan<byte> Headers { get; init; }

    /// <summary>For Other: everything after "scheme:".</summary>
    public ReadOnlySpan<byte> Opaque { get; init; }

    public bool TryGetParameter(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        bool found = SipParameters.TryFind(Parameters, name, out SipParameter p);
        value = found ? p.Value : default;
        return found;
    }

    public bool HasParameter(ReadOnlySpan<byte> name) => SipParameters.TryFind(Parameters, name, out _);

    public static bool TryParse(ReadOnlySpan<byte> input, out SipUri uri)
    {
        uri = default;
        int colon = input.IndexOf((byte)':');
        if (colon <= 0 || !IsScheme(input[..colon]))
        {
            return false;
        }

        ReadOnlySpan<byte> scheme = input[..colon];
        ReadOnlySpan<byte> rest = input[(colon + 1)..];
        if (Ascii.EqualsIgnoreCase(scheme, "sip"u8) || Ascii.EqualsIgnoreCase(scheme, "sips"u8))
        {
            var kind = scheme.Length == 3 ? SipUriScheme.Sip : SipUriScheme.Sips;
            return TryParseSip(input, scheme, kind, rest, out uri);
        }

        if (Ascii.EqualsIgnoreCase(scheme, "tel"u8))
        {
            return TryParseTel(input, scheme, rest, out uri);
        }

        // absoluteURI: scheme ":" ( hier-part / opaque-part ); we only insist on a non-empty, whitespace-free tail.
        foreach (byte b in rest)
        {
            if (b <= ' ' || b >= 0x7F || b is (byte)'<' or (byte)'>' or (byte)'"')
            {
                return false;
            }
        }

        uri = new SipUri { Scheme = SipUriScheme.Other, SchemeName = scheme, Raw = input, Opaque = rest };
        return !rest.IsEmpty;
    }

    private static bool TryParseSip(ReadOnlySpan<byte> input, ReadOnlySpan<byte> scheme, SipUriScheme kind, ReadOnlySpan<byte> rest, out SipUri uri)
    {
        uri = default;

        // '@' cannot appear unescaped after the userinfo, so its first occurrence ends the userinfo (RFC 4475 semiuri).
        ReadOnlySpan<byte> user = default, password = default;
        bool hasPassword = false;
        int at = rest.IndexOf((byte)'@');
        if (at >= 0)
        {
            ReadOnlySpan<byte> userinfo = rest[..at];
            int pc = userinfo.IndexOf((byte)':');
            user = pc < 0 ? userinfo : userinfo[..pc];
            if (pc >= 0)
            {
                hasPassword = true;
                password = userinfo[(pc + 1)..];
            }

            if (user.IsEmpty || !Valid(user, UserExtra) || !Valid(password, PasswordExtra))
            {
                return false;
            }

            rest = rest[(at + 1)..];
        }

        int hostEnd;
        if (rest.Length > 0 && rest[0] == '[')
        {
            hostEnd = rest.IndexOf((byte)']') + 1;
            if (hostEnd <= 0)
            {
                return false;
            }
        }
        else
        {
            hostEnd = rest.IndexOfAny((byte)':', (byte)';', (byte)'?');
            hostEnd = hostEnd < 0 ? rest.Length : hostEnd;
        }

        ReadOnlySpan<byte> host = rest[..hostEnd];
        if (!SipHost.IsValid(host))
        {
            return false;
        }

        int i = hostEnd;
        int port = 0;
        if (i < rest.Length && rest[i] == ':')
        {
            int portEnd = rest[(i + 1)..].IndexOfAny((byte)';', (byte)'?');
            portEnd = portEnd < 0 ? rest.Length : i + 1 + portEnd;
            if (!SipBytes.TryParseInt(rest[(i + 1)..portEnd], 65535, out port) || port == 0)
            {
                return false;
            }

            i = portEnd;
        }

        int q = rest[i..].IndexOf((byte)'?');
        int paramsEnd = q < 0 ? rest.Length : i + q;
        ReadOnlySpan<byte> parameters = rest[i..paramsEnd];
        ReadOnlySpan<byte> headers = q < 0 ? default : rest[(paramsEnd + 1)..];
        if (!ValidParameters(parameters) || (q >= 0 && !ValidHeaders(headers)))
        {
            return false;
        }

        uri = new SipUri
        {
            Scheme = kind, SchemeName = scheme, Raw = input, User = user, HasPassword = hasPassword,
            Password = password, Host = host, Port = port, Parameters = parameters, Headers = headers,
        };
        return true;
    }

    private static bool TryParseTel(ReadOnlySpan<byte> input, ReadOnlySpan<byte> scheme, ReadOnlySpan<byte> rest, out SipUri uri)
    {
        uri = default;
        int semi = rest.IndexOf((byte)';');
        ReadOnlySpan<byte> number = semi < 0 ? rest : rest[..semi];
        ReadOnlySpan<byte> digits = number.Length > 0 && number[0] == '+' ? number[1..] : number;
        bool global = digits.Length != number.Length;
        bool anyDigit = false;
        foreach (byte b in digits)
        {
            // global numbers: DIGIT and visual separators; local numbers also allow HEXDIG, '*' and '#'.
            bool digit = SipBytes.IsDigit(b) || (!global && (SipBytes.IsHex(b) || b is (byte)'*' or (byte)'#'));
            anyDigit |= digit;
            if (!digit && b is not ((byte)'-' or (byte)'.' or (byte)'(' or (byte)')'))
            {
                return false;
            }
        }

        ReadOnlySpan<byte> parameters = semi < 0 ? default : rest[semi..];
        if (!anyDigit || !ValidParameters(parameters))
        {
            return false;
        }

        uri = new SipUri { Scheme = SipUriScheme.Tel, SchemeName = scheme, Raw = input, Number = number, Parameters = parameters };
        return true;
    }

    private static bool IsScheme(ReadOnlySpan<byte> s)
    {
        if (!SipBytes.IsAlpha(s[0]))
        {
            return false;
        }

        foreach (byte b in s)
        {
            if (!SipBytes.IsAlphaNum(b) && b is not ((byte)'+' or (byte)'-' or (byte)'.'))
            {
                return false;
            }
        }

        return true;
    }

    // Characters allowed besides unreserved and escapes (RFC 3261 §25.1).
    private static ReadOnlySpan<byte> UserExtra => "&=+$,;?/"u8;

    private static ReadOnlySpan<byte> PasswordExtra => "&=+$,"u8;

    private static ReadOnlySpan<byte> ParamExtra => "[]/:&+$"u8;

    private static ReadOnlySpan<byte> HeaderExtra => "[]/?:+$"u8;

    /// <summary>unreserved / escaped / extra. Escapes must be '%' HEX HEX (%00 included, RFC 4475 escnull).</summary>
    private static bool Valid(ReadOnlySpan<byte> s, ReadOnlySpan<byte> extra)
    {
        for (int i = 0; i < s.Length; i++)
        {
            byte b = s[i];
            if (b == '%')
            {
                if (i + 2 >= s.Length || !SipBytes.IsHex(s[i + 1]) || !SipBytes.IsHex(s[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (!SipBytes.IsAlphaNum(b) && "-_.!~*'()"u8.IndexOf(b) < 0 && extra.IndexOf(b) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool ValidParameters(ReadOnlySpan<byte> s)
    {
        // uri-parameter = ";" pname [ "=" pvalue ]; no whitespace allowed inside a URI.
        while (!s.IsEmpty)
        {
            if (s[0] != ';')
            {
                return false;
            }

            s = s[1..];
            int next = s.IndexOf((byte)';');
            ReadOnlySpan<byte> param = next < 0 ? s : s[..next];
            int eq = param.IndexOf((byte)'=');
            ReadOnlySpan<byte> name = eq < 0 ? param : param[..eq];
            if (name.IsEmpty || !Valid(name, ParamExtra) || (eq >= 0 && (eq == param.Length - 1 || !Valid(param[(eq + 1)..], ParamExtra))))
            {
                return false;
            }

            s = next < 0 ? default : s[next..];
        }

        return true;
    }

    private static bool ValidHeaders(ReadOnlySpan<byte> s)
    {
        // headers = hname "=" hvalue *( "&" hname "=" hvalue )
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (Range r in s.Split((byte)'&'))
        {
            ReadOnlySpan<byte> h = s[r];
            int eq = h.IndexOf((byte)'=');
            if (eq <= 0 || !Valid(h[..eq], HeaderExtra) || !Valid(h[(eq + 1)..], HeaderExtra))
            {
                return false;
            }
        }

        return true;
    }
}
