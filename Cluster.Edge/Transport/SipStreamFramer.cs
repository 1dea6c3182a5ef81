namespace Cluster.Edge.Transport;

/// <summary>
/// Finds message boundaries in a SIP byte stream (RFC 3261 §18.3): a header block ending in CRLFCRLF,
/// then exactly Content-Length body bytes. A pure function of the buffer: no state, no allocation, never throws.
/// It knows only enough SIP to frame; everything else (start line, other headers) is the parser's job.
/// </summary>
public static class SipStreamFramer
{
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <summary>
    /// Looks at the start of <paramref name="data"/>. <paramref name="length"/> is the number of bytes the
    /// verdict covers for <see cref="SipFrameKind.Message"/>, <see cref="SipFrameKind.Ping"/> and
    /// <see cref="SipFrameKind.Skip"/>. For <see cref="SipFrameKind.NeedMore"/> it is the whole message's
    /// length once the header block is complete (so a caller can wait for the body without asking again),
    /// else 0. <paramref name="examined"/> is how many bytes of <paramref name="data"/> an earlier call already
    /// searched without finding the header end: a peer trickling a header block byte by byte then costs
    /// linear, not quadratic, scanning.
    /// </summary>
    public static SipFrameKind Frame(ReadOnlySpan<byte> data, int maxMessageBytes, out int length, int examined = 0)
    {
        length = 0;
        if (data.IsEmpty)
        {
            return SipFrameKind.NeedMore;
        }

        if (data[0] is (byte)'\r' or (byte)'\n')
        {
            return FrameLeadingLineBreaks(data, out length);
        }

        // Search only as far as a message may reach, so a peer that never sends CRLFCRLF
        // cannot make us buffer (or scan) more than the limit. Resume 3 bytes early: the
        // CRLFCRLF may have been cut by the previous read.
        var window = data.Length > maxMessageBytes ? data[..maxMessageBytes] : data;
        var from = Math.Clamp(examined - (HeaderEnd.Length - 1), 0, window.Length);
        var end = window[from..].IndexOf(HeaderEnd);
        if (end < 0)
        {
            return data.Length >= maxMessageBytes ? SipFrameKind.Invalid : SipFrameKind.NeedMore;
        }

        end += from;
        var headersLength = end + HeaderEnd.Length;
        if (!TryReadContentLength(data[..end], out var contentLength))
        {
            return SipFrameKind.Invalid;
        }

        // Compare in long: a huge Content-Length must not overflow into a small positive total.
        var total = (long)headersLength + contentLength;
        if (total > maxMessageBytes)
        {
            return SipFrameKind.Invalid;
        }

        length = (int)total;
        return data.Length < total ? SipFrameKind.NeedMore : SipFrameKind.Message;
    }

    // RFC 5626 §3.5.1: CRLFCRLF is a ping, a single CRLF its pong. RFC 3261 §7.5: CRLFs before a start
    // line are ignored. A lone LF is tolerated the same way; a CR followed by anything else is garbage.
    private static SipFrameKind FrameLeadingLineBreaks(ReadOnlySpan<byte> data, out int length)
    {
        length = 0;
        if (data[0] == (byte)'\n')
        {
            length = 1;
            return SipFrameKind.Skip;
        }

        if (data.Length < 2)
        {
            return SipFrameKind.NeedMore;
        }

        if (data[1] != (byte)'\n')
        {
            return SipFrameKind.Invalid;
        }

        if (data.Length < 3)
        {
            return SipFrameKind.NeedMore;
        }

        if (data[2] != (byte)'\r')
        {
            length = 2;
            return SipFrameKind.Skip;
        }

        if (data.Length < 4)
        {
            return SipFrameKind.NeedMore;
        }

        length = data[3] == (byte)'\n' ? 4 : 2;
        return data[3] == (byte)'\n' ? SipFrameKind.Ping : SipFrameKind.Skip;
    }

    /// <summary>
    /// Reads Content-Length (or compact "l") from a header block without its final CRLFCRLF.
    /// Absent means 0: the message is passed on and the SIP layer decides (400 for a stream without it).
    /// Several values that disagree, or a value that is not a number, cannot be framed.
    /// </summary>
    private static bool TryReadContentLength(ReadOnlySpan<byte> headers, out long contentLength)
    {
        contentLength = -1;

        // The first line is the start line; never a header.
        var lineBreak = headers.IndexOf("\r\n"u8);
        if (lineBreak < 0)
        {
            contentLength = 0;
            return true;
        }

        var rest = headers[(lineBreak + 2)..];
        while (!rest.IsEmpty)
        {
            lineBreak = rest.IndexOf("\r\n"u8);
            var line = lineBreak < 0 ? rest : rest[..lineBreak];
            rest = lineBreak < 0 ? default : rest[(lineBreak + 2)..];

            if (!IsContentLengthLine(line, out var value))
            {
                continue;
            }

            // A folded value (RFC 3261 §7.3.1) may put the number on the continuation line; more than one piece is not a number.
            while (!rest.IsEmpty && rest[0] is (byte)' ' or (byte)'\t')
            {
                lineBreak = rest.IndexOf("\r\n"u8);
                var fold = lineBreak < 0 ? rest : rest[..lineBreak];
                if (!fold.Trim(" \t"u8).IsEmpty && !value.Trim(" \t"u8).IsEmpty)
                {
                    return false;
                }

                value = value.Trim(" \t"u8).IsEmpty ? fold : value;
                rest = lineBreak < 0 ? default : rest[(lineBreak + 2)..];
            }

            if (!TryParseLength(value.Trim(" \t"u8), out var parsed) || (contentLength >= 0 && contentLength != parsed))
            {
                return false;
            }

            contentLength = parsed;
        }

        if (contentLength < 0)
        {
            contentLength = 0;
        }

        return true;
    }

    private static bool IsContentLengthLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> value)
    {
        value = default;
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t')
        {
            return false;
        }

        var name = line[..colon].TrimEnd(" \t"u8);
        if (!EqualsIgnoreCase(name, "content-length"u8) && !EqualsIgnoreCase(name, "l"u8))
        {
            return false;
        }

        value = line[(colon + 1)..];
        return true;
    }

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> candidate, ReadOnlySpan<byte> lowerCase)
    {
        if (candidate.Length != lowerCase.Length)
        {
            return false;
        }

        for (var i = 0; i < candidate.Length; i++)
        {
            // ASCII-only fold: only A-Z may match a lower-case letter; '-' must match itself.
            var c = candidate[i];
            var l = lowerCase[i];
            if (c != l && !(l is >= (byte)'a' and <= (byte)'z' && c == l - 0x20))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseLength(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 10)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
