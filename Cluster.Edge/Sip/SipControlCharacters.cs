using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Cluster.Edge.Sip;

/// <summary>
/// Control characters the RFC 3261 §25 grammar has no room for in a start line or header section: NUL and
/// every other byte below 0x20 except HTAB, and DEL (0x7F). CR and LF appear only as line terminators (LF, or
/// CR immediately followed by LF; folding is a terminator followed by SP/HTAB). The one exception the grammar
/// makes is a quoted-pair (<c>\</c> then any of %x00-09 / %x0B-0C / %x0E-7F) inside a quoted-string, which
/// RFC 4475 intmeth exercises.
/// </summary>
/// <remarks>
/// The parser notes the first such byte during its own line search (<c>SipParser.FindLineEnd</c>), so clean traffic
/// pays no second pass. <see cref="IndexOfForbidden"/> is the same rule as a vector scan of a whole section, for the
/// cold paths: a datagram that never ends its header section, and the lines a 400 might echo. Only a hit takes the
/// slow path that checks for a quoted-pair.
/// </remarks>
internal static class SipControlCharacters
{
    /// <summary>
    /// Offset of the first forbidden byte of <paramref name="section"/> at or after <paramref name="start"/>, or -1.
    /// <paramref name="section"/> must begin with the start line, so lines (and quoted strings) can be told apart.
    /// </summary>
    public static int IndexOfForbidden(ReadOnlySpan<byte> section, int start = 0)
    {
        int i = start;
        while (true)
        {
            int hit = NextSuspect(section, i);
            if (hit < 0 || !IsQuotedPair(section, hit))
            {
                return hit;
            }

            i = hit + 1;
        }
    }

    /// <summary>Which part of the message holds the forbidden byte at <paramref name="offset"/>; for a header value also its header's name.</summary>
    public static SipParseError Classify(ReadOnlySpan<byte> section, int offset, out SipRange headerName)
    {
        headerName = default;
        int lineStart = LogicalLineStart(section, offset);
        if (lineStart == 0)
        {
            return SipParseError.ControlCharacterInStartLine;
        }

        // A header name is a token, so the first colon of the line ends it: anything before it is the name's.
        int colon = section[lineStart..offset].IndexOf((byte)':');
        if (colon < 0)
        {
            return SipParseError.ControlCharacterInHeaderName;
        }

        headerName = new SipRange(lineStart, SipBytes.TokenEnd(section, lineStart) - lineStart);
        return SipParseError.ControlCharacterInHeaderValue;
    }

    /// <summary>First control byte that is not a line terminator; quoted-pairs are not told apart here.</summary>
    private static int NextSuspect(ReadOnlySpan<byte> s, int i)
    {
        ref byte first = ref MemoryMarshal.GetReference(s);

        // Each block also loads the byte after it, to know whether a CR is followed by LF.
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<byte>.Count < s.Length; i += Vector256<byte>.Count)
            {
                Vector256<byte> bad = Forbidden(Vector256.LoadUnsafe(ref first, (nuint)i), Vector256.LoadUnsafe(ref first, (nuint)i + 1));
                if (bad != Vector256<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(bad.ExtractMostSignificantBits());
                }
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + Vector128<byte>.Count < s.Length; i += Vector128<byte>.Count)
            {
                Vector128<byte> bad = Forbidden(Vector128.LoadUnsafe(ref first, (nuint)i), Vector128.LoadUnsafe(ref first, (nuint)i + 1));
                if (bad != Vector128<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(bad.ExtractMostSignificantBits());
                }
            }
        }

        for (; i < s.Length; i++)
        {
            byte b = s[i];
            if ((b < 0x20 || b == 0x7F) && b is not ((byte)'\t' or (byte)'\n')
                && !(b == '\r' && i + 1 < s.Length && s[i + 1] == '\n'))
            {
                return i;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Forbidden(Vector256<byte> v, Vector256<byte> next)
    {
        Vector256<byte> control = Vector256.LessThan(v, Vector256.Create((byte)0x20)) | Vector256.Equals(v, Vector256.Create((byte)0x7F));
        Vector256<byte> allowed = Vector256.Equals(v, Vector256.Create((byte)'\t'))
            | Vector256.Equals(v, Vector256.Create((byte)'\n'))
            | (Vector256.Equals(v, Vector256.Create((byte)'\r')) & Vector256.Equals(next, Vector256.Create((byte)'\n')));
        return Vector256.AndNot(control, allowed);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Forbidden(Vector128<byte> v, Vector128<byte> next)
    {
        Vector128<byte> control = Vector128.LessThan(v, Vector128.Create((byte)0x20)) | Vector128.Equals(v, Vector128.Create((byte)0x7F));
        Vector128<byte> allowed = Vector128.Equals(v, Vector128.Create((byte)'\t'))
            | Vector128.Equals(v, Vector128.Create((byte)'\n'))
            | (Vector128.Equals(v, Vector128.Create((byte)'\r')) & Vector128.Equals(next, Vector128.Create((byte)'\n')));
        return Vector128.AndNot(control, allowed);
    }

    /// <summary>
    /// Whether the byte at <paramref name="offset"/> is the second half of a quoted-pair inside a quoted-string of a
    /// header value. Runs only on a hit, so re-reading the line from its start is fine.
    /// </summary>
    public static bool IsQuotedPair(ReadOnlySpan<byte> s, int offset)
    {
        if (offset == 0 || s[offset - 1] != '\\' || s[offset] == '\r')
        {
            return false;
        }

        int lineStart = LogicalLineStart(s, offset);
        int colon = lineStart == 0 ? -1 : s[lineStart..offset].IndexOf((byte)':');
        if (colon < 0)
        {
            // The start line and header names have no quoted strings.
            return false;
        }

        bool quoted = false;
        for (int i = lineStart + colon + 1; i < offset; i++)
        {
            byte b = s[i];
            if (!quoted)
            {
                quoted = b == '"';
            }
            else if (b == '"')
            {
                quoted = false;
            }
            else if (b == '\\')
            {
                if (i + 1 == offset)
                {
                    return true;
                }

                i++;
            }
        }

        return false;
    }

    /// <summary>Start of the header line holding <paramref name="offset"/>, continuation lines included; 0 for the start line.</summary>
    private static int LogicalLineStart(ReadOnlySpan<byte> s, int offset)
    {
        int start = s[..offset].LastIndexOf((byte)'\n') + 1;
        while (start > 0 && s[start] is (byte)' ' or (byte)'\t')
        {
            start = s[..(start - 1)].LastIndexOf((byte)'\n') + 1;
        }

        return start;
    }
}
