namespace Cluster.Edge.Sip;

/// <summary>
/// Decoding helpers for the two escape forms SIP uses: %HH in URIs (RFC 3261 §19.1.2, compared decoded) and
/// quoted-pair in quoted strings (RFC 3261 §25.1). The parsers keep raw bytes; callers decode only when they
/// need a value, into their own buffer. Both return the decoded length or -1 on malformed input or lack of room.
/// </summary>
public static class SipEscapes
{
    /// <summary>Decodes %HH escapes; %00 decodes to a NUL byte (RFC 4475 escnull).</summary>
    public static int UnescapePercent(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int written = 0;
        for (int i = 0; i < source.Length; i++)
        {
            byte b = source[i];
            if (b == '%')
            {
                if (i + 2 >= source.Length || !SipBytes.IsHex(source[i + 1]) || !SipBytes.IsHex(source[i + 2]))
                {
                    return -1;
                }

                b = (byte)((HexValue(source[i + 1]) << 4) | HexValue(source[i + 2]));
                i += 2;
            }

            if (written >= destination.Length)
            {
                return -1;
            }

            destination[written++] = b;
        }

        return written;
    }

    /// <summary>
    /// Removes the surrounding quotes of a quoted-string and resolves quoted-pairs (<c>\"</c>, <c>\\</c>).
    /// Input without surrounding quotes is copied as is (a token display name).
    /// </summary>
    public static int Unquote(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length >= 2 && source[0] == '"' && source[^1] == '"')
        {
            source = source[1..^1];
        }
        else
        {
            return source.TryCopyTo(destination) ? source.Length : -1;
        }

        int written = 0;
        for (int i = 0; i < source.Length; i++)
        {
            byte b = source[i];
            if (b == '\\')
            {
                if (++i >= source.Length)
                {
                    return -1;
                }

                b = source[i];
            }
            else if (b == '"')
            {
                return -1;
            }

            if (written >= destination.Length)
            {
                return -1;
            }

            destination[written++] = b;
        }

        return written;
    }

    private static int HexValue(byte b) => SipBytes.IsDigit(b) ? b - '0' : (b | 0x20) - 'a' + 10;
}
