using System.Net;

namespace Cluster.Edge.Sip;

/// <summary>
/// host = hostname / IPv4address / IPv6reference (RFC 3261 §25.1, corrected by RFC 5118 §4.10: the IPv6 grammar is
/// RFC 4291's, so <c>[2001:db8:::192.0.2.1]</c> is invalid and <c>[2001:db8::192.0.2.1]</c> valid).
/// </summary>
public static class SipHost
{
    public static bool IsValid(ReadOnlySpan<byte> host)
    {
        if (host.IsEmpty)
        {
            return false;
        }

        if (host[0] == '[')
        {
            return IsIPv6Reference(host);
        }

        return IsIPv4(host) || IsHostname(host);
    }

    public static bool IsIPv6Reference(ReadOnlySpan<byte> s) => s.Length > 2 && s[0] == '[' && s[^1] == ']' && IsIPv6(s[1..^1]);

    public static bool IsIPv4(ReadOnlySpan<byte> s)
    {
        int parts = 0;
        int i = 0;
        while (true)
        {
            int start = i;
            while (i < s.Length && SipBytes.IsDigit(s[i]))
            {
                i++;
            }

            if (i == start || i - start > 3 || !SipBytes.TryParseInt(s[start..i], 255, out _))
            {
                return false;
            }

            parts++;
            if (i == s.Length)
            {
                return parts == 4;
            }

            if (s[i] != '.' || parts == 4)
            {
                return false;
            }

            i++;
        }
    }

    /// <summary>RFC 4291 §2.2 text form, without brackets: up to 8 groups, one "::", optional trailing dotted quad.</summary>
    public static bool IsIPv6(ReadOnlySpan<byte> s)
    {
        if (s.Length < 2)
        {
            return false;
        }

        int groups = 0;
        bool compressed = false;
        int i = 0;
        if (s[0] == ':')
        {
            if (s[1] != ':')
            {
                return false;
            }

            compressed = true;
            i = 2;
            if (i == s.Length)
            {
                return true;
            }
        }

        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && SipBytes.IsHex(s[i]) && i - start < 5)
            {
                i++;
            }

            if (i < s.Length && s[i] == '.')
            {
                // Embedded IPv4 takes the last two groups.
                return IsIPv4(s[start..]) && (compressed ? groups <= 5 : groups == 6);
            }

            int len = i - start;
            if (len == 0 || len > 4)
            {
                return false;
            }

            groups++;
            if (i == s.Length)
            {
                break;
            }

            if (s[i] != ':')
            {
                return false;
            }

            i++;
            if (i < s.Length && s[i] == ':')
            {
                if (compressed)
                {
                    return false;
                }

                compressed = true;
                i++;
                if (i == s.Length)
                {
                    break;
                }
            }
            else if (i == s.Length)
            {
                return false;
            }
        }

        return compressed ? groups <= 7 : groups == 8;
    }

    /// <summary>
    /// hostname = *( domainlabel "." ) toplabel [ "." ]. Labels are alphanumerics and inner hyphens. The top label
    /// must start with a letter, which is what tells "1.2.3" (bad) from a host name.
    /// </summary>
    public static bool IsHostname(ReadOnlySpan<byte> s)
    {
        if (s.Length > 0 && s[^1] == '.')
        {
            s = s[..^1];
        }

        if (s.IsEmpty || s.Length > 255)
        {
            return false;
        }

        int labelStart = 0;
        for (int i = 0; i <= s.Length; i++)
        {
            if (i < s.Length && s[i] != '.')
            {
                byte b = s[i];
                if (!SipBytes.IsAlphaNum(b) && b != '-' && b != '_')
                {
                    return false;
                }

                continue;
            }

            if (i == labelStart || s[labelStart] == '-' || s[i - 1] == '-')
            {
                return false;
            }

            if (i == s.Length && !SipBytes.IsAlpha(s[labelStart]))
            {
                return false;
            }

            labelStart = i + 1;
        }

        return true;
    }

    /// <summary>Parses an IPv4 address, IPv6 address or IPv6 reference. Allocates the IPAddress (cold paths only).</summary>
    public static bool TryParseAddress(ReadOnlySpan<byte> s, out IPAddress? address)
    {
        address = null;
        if (s.Length > 2 && s[0] == '[' && s[^1] == ']')
        {
            s = s[1..^1];
            if (!IsIPv6(s))
            {
                return false;
            }
        }
        else if (!IsIPv4(s) && !IsIPv6(s))
        {
            return false;
        }

        Span<char> chars = stackalloc char[s.Length];
        for (int i = 0; i < s.Length; i++)
        {
            chars[i] = (char)s[i];
        }

        return IPAddress.TryParse(chars, out address);
    }

    /// <summary>IPv4address / IPv6address / IPv6reference, syntax only (Via received, RFC 5118 §4.5).</summary>
    public static bool TryParseAddressSyntax(ReadOnlySpan<byte> s) => IsIPv4(s) || IsIPv6(s) || IsIPv6Reference(s);
}
