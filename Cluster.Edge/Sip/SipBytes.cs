namespace Cluster.Edge.Sip;

/// <summary>Byte-level lexical helpers shared by the parsers (RFC 3261 §25.1 character classes).</summary>
internal static class SipBytes
{
    // 1 = token char: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
    private static ReadOnlySpan<byte> TokenTable =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0,
    ];

    public static bool IsToken(byte b) => b < 128 && TokenTable[b] != 0;

    public static bool IsTokenSpan(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (byte b in s)
        {
            if (!IsToken(b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whitespace inside a header value: SP, HT, and the CR/LF of folded continuation lines.</summary>
    public static bool IsWs(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    public static bool IsAlpha(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsAlphaNum(byte b) => IsAlpha(b) || IsDigit(b);

    public static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;

    public static int SkipWs(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsWs(s[i]))
        {
            i++;
        }

        return i;
    }

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int start = 0;
        int end = s.Length;
        while (start < end && IsWs(s[start]))
        {
            start++;
        }

        while (end > start && IsWs(s[end - 1]))
        {
            end--;
        }

        return s[start..end];
    }

    public static int TokenEnd(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsToken(s[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>All-digit decimal with overflow detection; leading zeros allowed ("0068" is 68).</summary>
    public static bool TryParseUInt(ReadOnlySpan<byte> s, ulong max, out ulong value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (byte b in s)
        {
            uint d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
            if (value > max)
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryParseInt(ReadOnlySpan<byte> s, int max, out int value)
    {
        bool ok = TryParseUInt(s, (ulong)max, out ulong v);
        value = ok ? (int)v : 0;
        return ok;
    }

    /// <summary>Index of <paramref name="c"/> outside quoted strings and &lt;&gt;, or -1.</summary>
    public static int IndexOfUnquoted(ReadOnlySpan<byte> s, byte c, int start = 0)
    {
        bool quoted = false;
        bool angle = false;
        for (int i = start; i < s.Length; i++)
        {
            byte b = s[i];
            if (quoted)
            {
                if (b == '\\')
                {
                    i++;
                }
                else if (b == '"')
                {
                    quoted = false;
                }
            }
            else if (b == '"')
            {
                quoted = true;
            }
            else if (angle)
            {
                angle = b != '>';
            }
            else if (b == '<')
            {
                angle = true;
            }
            else if (b == c)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>End of a quoted-string starting at <paramref name="i"/> (on the opening quote): index after the closing quote, or -1.</summary>
    public static int QuotedStringEnd(ReadOnlySpan<byte> s, int i)
    {
        for (i++; i < s.Length; i++)
        {
            byte b = s[i];
            if (b == '\\')
            {
                // quoted-pair may not escape CR or LF (RFC 3261 §25.1).
                if (i + 1 >= s.Length || s[i + 1] is (byte)'\r' or (byte)'\n')
                {
                    return -1;
                }

                i++;
            }
            else if (b == '"')
            {
                return i + 1;
            }
        }

        return -1;
    }
}
