namespace Cluster.Edge.Auth;

/// <summary>Byte-level text helpers shared by the digest parser, hasher and challenge writer.</summary>
internal static class DigestText
{
    private static ReadOnlySpan<byte> LowerHexDigits => "0123456789abcdef"u8;

    /// <summary>Writes <paramref name="bytes"/> as lower-case hex; returns the number of bytes written.</summary>
    public static int WriteLowerHex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        var digits = LowerHexDigits;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            destination[2 * i] = digits[b >> 4];
            destination[(2 * i) + 1] = digits[b & 0xF];
        }
        return bytes.Length * 2;
    }

    /// <summary>
    /// Copies hex text into <paramref name="destination"/> in lower case. False if any byte is not a
    /// hex digit; clients may send upper-case hex and RFC 7616 compares case-insensitively.
    /// </summary>
    public static bool TryLowerHex(ReadOnlySpan<byte> hex, Span<byte> destination)
    {
        for (var i = 0; i < hex.Length; i++)
        {
            var c = hex[i];
            if (c is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f')
                destination[i] = c;
            else if (c is >= (byte)'A' and <= (byte)'F')
                destination[i] = (byte)(c | 0x20);
            else
                return false;
        }
        return true;
    }

    /// <summary>Parses exactly eight hex digits (an nc-value, RFC 2617 §3.2.2).</summary>
    public static bool TryParseNonceCount(ReadOnlySpan<byte> text, out uint value)
    {
        value = 0;
        if (text.Length != 8)
            return false;
        foreach (var c in text)
        {
            int digit = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
                return false;
            value = (value << 4) | (uint)digit;
        }
        return true;
    }

    /// <summary>
    /// Removes quoted-pair escapes (<c>\x</c> → <c>x</c>) from the inside of a quoted-string.
    /// <paramref name="destination"/> must be at least as long as <paramref name="raw"/>.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == (byte)'\\' && i + 1 < raw.Length)
                c = raw[++i];
            destination[written++] = c;
        }
        return written;
    }

    /// <summary>Bytes needed to write <paramref name="value"/> as a quoted-string, quotes included.</summary>
    public static int QuotedLength(ReadOnlySpan<byte> value)
    {
        var length = value.Length + 2;
        foreach (var c in value)
        {
            if (c is (byte)'"' or (byte)'\\')
                length++;
        }
        return length;
    }

    /// <summary>Writes <paramref name="value"/> as a quoted-string, escaping quote and backslash.</summary>
    public static int WriteQuoted(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        var written = 0;
        destination[written++] = (byte)'"';
        foreach (var c in value)
        {
            if (c is (byte)'"' or (byte)'\\')
                destination[written++] = (byte)'\\';
            destination[written++] = c;
        }
        destination[written++] = (byte)'"';
        return written;
    }

    /// <summary>RFC 3261 §25.1 token characters.</summary>
    public static bool IsTokenChar(byte c) => c switch
    {
        >= (byte)'a' and <= (byte)'z' => true,
        >= (byte)'A' and <= (byte)'Z' => true,
        >= (byte)'0' and <= (byte)'9' => true,
        (byte)'-' or (byte)'.' or (byte)'!' or (byte)'%' or (byte)'*' or (byte)'_'
            or (byte)'+' or (byte)'`' or (byte)'\'' or (byte)'~' => true,
        _ => false,
    };

    /// <summary>Linear white space inside a header value (folding already allowed for).</summary>
    public static bool IsWhitespace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
