namespace Cluster.Edge.Sip;

/// <summary>
/// Single-pass SIP message parser over bytes (RFC 3261 §7). It never copies or decodes: it indexes the start line,
/// each header line and the body as ranges into the input. Caps are enforced before any length field is trusted.
/// It never throws; every rejection is a <see cref="SipParseError"/>.
/// </summary>
/// <remarks>
/// Errors come in two kinds. Hard errors (noise, caps exceeded, unframeable stream) stop the parse at once.
/// Soft errors (a malformed start line or header line) are recorded and parsing continues to the end of the
/// message, so the inspector can still read the Via and answer 400 instead of dropping silently.
/// </remarks>
public static partial class SipParser
{
    private const int NeedMore = -1;
    private const int TooLong = -2;

    public static SipParseResult Parse(ReadOnlyMemory<byte> input, SipParserLimits limits, SipFraming framing, SipMessage into)
    {
        into.Reset();
        ReadOnlySpan<byte> all = input.Span;

        // RFC 3261 §7.5: CRLFs before the start line are ignored (they are RFC 5626 keep-alives on streams).
        int skip = 0;
        while (skip < all.Length && all[skip] is (byte)'\r' or (byte)'\n')
        {
            skip++;
        }

        if (skip == all.Length)
        {
            return framing == SipFraming.Stream
                ? new SipParseResult(SipParseStatus.Incomplete, skip, SipParseError.None)
                : Invalid(SipParseError.Empty, 0);
        }

        ReadOnlyMemory<byte> messageMemory = input[skip..];
        ReadOnlySpan<byte> span = all[skip..];
        into.SetBuffer(messageMemory);

        // Only the first MaxMessageBytes are ever scanned, whatever the input length.
        int max = limits.MaxMessageBytes;
        bool truncatedWindow = span.Length > max;
        ReadOnlySpan<byte> window = truncatedWindow ? span[..max] : span;
        bool stream = framing == SipFraming.Stream;

        // Reject noise on the first byte, before waiting for a line end that may never come.
        if (!SipBytes.IsToken(span[0]))
        {
            return Invalid(SipParseError.NotSip, 0);
        }

        // First control character the header section may not hold, noted by the line search itself (one pass).
        int control = -1;
        int lineEnd = FindLineEnd(window, 0, limits.MaxHeaderLineBytes, ref control);
        if (lineEnd < 0)
        {
            return Unfinished(lineEnd, truncatedWindow, stream, skip, SipParseError.Unterminated, window, into);
        }

        SipParseError error = ParseStartLine(window, ContentEnd(window, 0, lineEnd), into);
        if (error == SipParseError.NotSip)
        {
            return Invalid(SipParseError.NotSip, 0);
        }

        int pos = lineEnd + 1;
        int contentLength = -1;
        bool contentLengthBad = false;
        while (true)
        {
            if (pos >= window.Length)
            {
                return Unfinished(NeedMore, truncatedWindow, stream, skip, FirstOf(error, SipParseError.Unterminated), window, into);
            }

            // Empty line: end of the header section.
            if (window[pos] == '\n')
            {
                pos++;
                break;
            }

            if (window[pos] == '\r')
            {
                if (pos + 1 >= window.Length)
                {
                    return Unfinished(NeedMore, truncatedWindow, stream, skip, FirstOf(error, SipParseError.Unterminated), window, into);
                }

                if (window[pos + 1] == '\n')
                {
                    pos += 2;
                    break;
                }
            }

            int end = FindLogicalLineEnd(window, pos, limits.MaxHeaderLineBytes, ref control);
            if (end < 0)
            {
                return Unfinished(end, truncatedWindow, stream, skip, FirstOf(error, SipParseError.Unterminated), window, into);
            }

            if (!TryParseHeaderLine(window, pos, end, out SipHeaderEntry entry))
            {
                error = FirstOf(error, SipParseError.BadHeaderLine);
            }
            else
            {
                if (into.HeaderCount >= limits.MaxHeaders)
                {
                    return Invalid(SipParseError.TooManyHeaders, 0);
                }

                into.AddHeader(in entry);
                if (entry.Name == SipHeaderName.ContentLength)
                {
                    // Duplicates are tolerated only when they agree; otherwise framing is ambiguous (smuggling).
                    bool ok = SipBytes.TryParseInt(entry.Value.Slice(window), int.MaxValue, out int cl);
                    if (!ok || (contentLength >= 0 && cl != contentLength))
                    {
                        contentLengthBad = true;
                    }
                    else
                    {
                        contentLength = cl;
                    }
                }
            }

            pos = end + 1;
        }

        // A control character outranks any other soft error: it is what the sender must fix first.
        if (control >= 0)
        {
            into.SetControlCharacter(control);
            error = SipControlCharacters.Classify(window, control, out _);
        }

        into.SetHeadersComplete();
        into.SetContentLength(contentLengthBad ? -1 : contentLength);
        return FrameBody(span, pos, max, stream, skip, contentLength, contentLengthBad, error, into);
    }

    private static SipParseResult FrameBody(
        ReadOnlySpan<byte> span, int bodyStart, int max, bool stream, int skip,
        int contentLength, bool contentLengthBad, SipParseError error, SipMessage into)
    {
        if (stream)
        {
            if (contentLengthBad)
            {
                // Without a trustworthy length the stream cannot be resynchronised (a control character is still named).
                return Invalid(ControlCharacterOr(error, SipParseError.BadContentLength), 0);
            }

            int bodyLength = Math.Max(contentLength, 0);
            if ((long)bodyStart + bodyLength > max)
            {
                return Invalid(SipParseError.MessageTooLarge, 0);
            }

            if (bodyStart + bodyLength > span.Length)
            {
                return new SipParseResult(SipParseStatus.Incomplete, skip, SipParseError.None);
            }

            return Finish(into, bodyStart, bodyLength, skip, error);
        }

        int available = span.Length - bodyStart;
        if (contentLengthBad)
        {
            into.SetBody(new SipRange(bodyStart, Math.Min(available, Math.Max(0, max - bodyStart))));
            return Invalid(ControlCharacterOr(error, SipParseError.BadContentLength), skip + bodyStart + into.BodyRange.Length);
        }

        int length = contentLength < 0 ? available : Math.Min(contentLength, available);
        if ((long)bodyStart + length > max)
        {
            return Invalid(SipParseError.MessageTooLarge, 0);
        }

        if (contentLength > available)
        {
            error = FirstOf(error, SipParseError.BodyTruncated);
        }

        return Finish(into, bodyStart, length, skip, error);
    }

    private static SipParseResult Finish(SipMessage into, int bodyStart, int bodyLength, int skip, SipParseError error)
    {
        into.SetBody(new SipRange(bodyStart, bodyLength));

        // Buffer covers exactly the message so serializers can copy it byte for byte.
        into.SetBuffer(into.Buffer[..(bodyStart + bodyLength)]);
        int consumed = skip + bodyStart + bodyLength;
        return error == SipParseError.None
            ? new SipParseResult(SipParseStatus.Complete, consumed, SipParseError.None)
            : Invalid(error, consumed);
    }

    private static SipParseResult Unfinished(
        int reason, bool truncatedWindow, bool stream, int skip, SipParseError datagramError, ReadOnlySpan<byte> window, SipMessage into)
    {
        if (reason == TooLong)
        {
            return Invalid(SipParseError.HeaderLineTooLong, 0);
        }

        if (truncatedWindow)
        {
            return Invalid(SipParseError.MessageTooLarge, 0);
        }

        // A datagram whose header section never ends is all header section: screen all of it (error path only).
        return stream
            ? new SipParseResult(SipParseStatus.Incomplete, skip, SipParseError.None)
            : Invalid(ScreenControlCharacters(window, into, datagramError), 0);
    }

    private static SipParseError ScreenControlCharacters(ReadOnlySpan<byte> section, SipMessage into, SipParseError error)
    {
        int offset = SipControlCharacters.IndexOfForbidden(section);
        if (offset < 0)
        {
            return error;
        }

        into.SetControlCharacter(offset);
        return SipControlCharacters.Classify(section, offset, out _);
    }

    private static SipParseResult Invalid(SipParseError error, int consumed) => new(SipParseStatus.Invalid, consumed, error);

    private static SipParseError ControlCharacterOr(SipParseError error, SipParseError otherwise) =>
        error is SipParseError.ControlCharacterInStartLine or SipParseError.ControlCharacterInHeaderName or SipParseError.ControlCharacterInHeaderValue
            ? error
            : otherwise;

    private static SipParseError FirstOf(SipParseError first, SipParseError next) => first != SipParseError.None ? first : next;

    /// <summary>
    /// Index of the LF ending the physical line at <paramref name="start"/>, NeedMore, or TooLong. The same search
    /// notes in <paramref name="control"/> the first control character RFC 3261 §25 forbids (see
    /// <see cref="SipControlCharacters"/>): it stops at every byte outside printable ASCII, and only the line end,
    /// HTAB, UTF-8 and quoted-pairs let it go on, so clean lines cost what a search for LF alone did.
    /// </summary>
    private static int FindLineEnd(ReadOnlySpan<byte> s, int start, int maxLine, ref int control)
    {
        int room = Math.Min(s.Length - start, maxLine);
        ReadOnlySpan<byte> line = s.Slice(start, room);
        int i = 0;
        while (true)
        {
            int hit = line[i..].IndexOfAnyExceptInRange((byte)' ', (byte)'~');
            if (hit < 0)
            {
                break;
            }

            i += hit;
            byte b = line[i];
            if (b == '\n')
            {
                return start + i;
            }

            if (b == '\r')
            {
                if (i + 1 == line.Length)
                {
                    break; // its LF may come with the next read
                }

                if (line[i + 1] == '\n')
                {
                    return start + i + 1;
                }
            }

            if (((b < 0x20 && b != '\t') || b == 0x7F) && control < 0 && !SipControlCharacters.IsQuotedPair(s, start + i))
            {
                control = start + i;
            }

            i++;
        }

        return room == maxLine ? TooLong : NeedMore;
    }

    /// <summary>
    /// Index of the LF ending a header line including continuation lines (those starting with SP/HT). The byte
    /// after the LF must be visible to know the line is over, so a line ending at the buffer end needs more.
    /// </summary>
    private static int FindLogicalLineEnd(ReadOnlySpan<byte> s, int start, int maxLine, ref int control)
    {
        int searchFrom = start;
        while (true)
        {
            int budget = maxLine - (searchFrom - start);
            if (budget <= 0)
            {
                return TooLong;
            }

            int lf = FindLineEnd(s, searchFrom, budget, ref control);
            if (lf < 0)
            {
                return lf;
            }

            if (lf + 1 >= s.Length)
            {
                return lf + 1 - start >= maxLine ? TooLong : NeedMore;
            }

            if (s[lf + 1] is not ((byte)' ' or (byte)'\t'))
            {
                return lf;
            }

            searchFrom = lf + 1;
        }
    }

    /// <summary>End of line content: the LF position, minus a preceding CR.</summary>
    private static int ContentEnd(ReadOnlySpan<byte> s, int start, int lf) => lf > start && s[lf - 1] == '\r' ? lf - 1 : lf;

    private static bool TryParseHeaderLine(ReadOnlySpan<byte> s, int start, int lf, out SipHeaderEntry entry)
    {
        entry = default;
        int nameEnd = SipBytes.TokenEnd(s, start);
        if (nameEnd == start)
        {
            return false;
        }

        // HCOLON = *( SP / HTAB ) ":" SWS
        int colon = nameEnd;
        while (colon < lf && s[colon] is (byte)' ' or (byte)'\t')
        {
            colon++;
        }

        if (colon >= lf || s[colon] != ':')
        {
            return false;
        }

        int valueStart = colon + 1;
        int valueEnd = ContentEnd(s, start, lf);
        while (valueStart < valueEnd && SipBytes.IsWs(s[valueStart]))
        {
            valueStart++;
        }

        while (valueEnd > valueStart && SipBytes.IsWs(s[valueEnd - 1]))
        {
            valueEnd--;
        }

        var nameRange = new SipRange(start, nameEnd - start);
        entry = new SipHeaderEntry(
            SipHeaderNames.Lookup(nameRange.Slice(s)),
            new SipRange(start, lf + 1 - start),
            nameRange,
            new SipRange(valueStart, valueEnd - valueStart));
        return true;
    }
}
