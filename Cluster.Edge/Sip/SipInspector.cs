using System.Text;

namespace Cluster.Edge.Sip;

/// <summary>
/// Parses and sanity-checks one inbound message and decides, statelessly, whether to process it, answer it with
/// an error (RFC 3261 §8.2, §16.3) or drop it. Only requests with a usable top Via are ever answered; broken
/// responses and noise are dropped because there is nobody to tell.
/// </summary>
public static class SipInspector
{
    public static SipVerdict Inspect(
        ReadOnlyMemory<byte> input, SipFraming framing, SipParserLimits limits, IReadOnlySet<string>? supportedOptions, SipMessage into)
    {
        SipVerdict verdict = InspectCore(input, framing, limits, supportedOptions, into);

        // An ACK is never answered (RFC 3261 §17.1.1.2): a broken one can only be dropped.
        return verdict.Action == SipVerdictAction.Respond && into.Method == SipMethod.Ack
            ? SipVerdict.Drop(SipReasons.DropInvalidAck, verdict.Parse)
            : verdict;
    }

    private static SipVerdict InspectCore(
        ReadOnlyMemory<byte> input, SipFraming framing, SipParserLimits limits, IReadOnlySet<string>? supportedOptions, SipMessage into)
    {
        SipParseResult parse = SipParser.Parse(input, limits, framing, into);
        if (parse.Status == SipParseStatus.Incomplete)
        {
            return SipVerdict.Drop(SipReasons.DropIncomplete, parse);
        }

        if (parse.Error is SipParseError.NotSip)
        {
            return SipVerdict.Drop(SipReasons.DropNotSip, parse);
        }

        if (parse.Error is SipParseError.Empty)
        {
            return SipVerdict.Drop(SipReasons.DropKeepAlive, parse);
        }

        if (!into.IsRequest)
        {
            return InspectResponse(parse, into);
        }

        // Without a usable Via there is no address to answer (RFC 3261 §18.2.2), whatever else is wrong.
        if (!into.TryGetTopVia(out SipVia topVia))
        {
            return SipVerdict.Drop(parse.Error is SipParseError.MessageTooLarge ? SipReasons.DropTooLarge : SipReasons.DropNoVia, parse);
        }

        if (parse.Status == SipParseStatus.Invalid)
        {
            return RespondToParseError(parse, into);
        }

        if (!into.IsSip20)
        {
            return SipVerdict.Respond(505, SipReasons.VersionNotSupported, parse);
        }

        if (!topVia.HasWellFormedParameters || !AllViasValid(into))
        {
            return SipVerdict.Respond(400, SipReasons.BadVia, parse);
        }

        string? headerProblem = CheckMandatoryHeaders(into, framing);
        if (headerProblem is not null)
        {
            return SipVerdict.Respond(400, headerProblem, parse);
        }

        if (!SipUri.TryParse(into.RequestUri, out SipUri requestUri)
            || (requestUri.Scheme is SipUriScheme.Sip or SipUriScheme.Sips && !requestUri.Headers.IsEmpty))
        {
            // Headers are not allowed in a Request-URI (RFC 3261 §19.1.5, RFC 4475 escruri).
            return SipVerdict.Respond(400, SipReasons.BadRequestUri, parse);
        }

        if (requestUri.Scheme == SipUriScheme.Other)
        {
            return SipVerdict.Respond(416, SipReasons.UnsupportedUriScheme, parse);
        }

        if (into.TryGetMaxForwards(out int hops) && hops == 0)
        {
            return SipVerdict.Respond(483, SipReasons.TooManyHops, parse);
        }

        // Require is not honoured on CANCEL or ACK (RFC 3261 §8.2.2.3).
        if (into.Method is not (SipMethod.Ack or SipMethod.Cancel))
        {
            string? unsupported = FindUnsupported(into, supportedOptions);
            if (unsupported is not null)
            {
                return SipVerdict.Respond(420, SipReasons.BadExtension, parse, "Unsupported: " + unsupported);
            }
        }

        return SipVerdict.Process(parse);
    }

    private static SipVerdict RespondToParseError(SipParseResult parse, SipMessage into) => parse.Error switch
    {
        SipParseError.ControlCharacterInStartLine => SipVerdict.Respond(400, SipReasons.ControlCharacterInRequestLine, parse),
        SipParseError.ControlCharacterInHeaderName => SipVerdict.Respond(400, SipReasons.ControlCharacterInHeaderName, parse),
        SipParseError.ControlCharacterInHeaderValue => SipVerdict.Respond(400, ControlCharacterReason(into), parse),
        SipParseError.MessageTooLarge => SipVerdict.Respond(513, SipReasons.MessageTooLarge, parse),
        SipParseError.TooManyHeaders => SipVerdict.Respond(400, SipReasons.TooManyHeaders, parse),
        SipParseError.HeaderLineTooLong => SipVerdict.Respond(400, SipReasons.HeaderLineTooLong, parse),
        SipParseError.BadContentLength => SipVerdict.Respond(400, SipReasons.BadContentLength, parse),
        SipParseError.BodyTruncated => SipVerdict.Respond(400, SipReasons.ContentLengthExceedsBody, parse),
        SipParseError.BadHeaderLine => SipVerdict.Respond(400, SipReasons.BadHeaderLine, parse),
        SipParseError.BadRequestUri => SipVerdict.Respond(400, SipReasons.BadRequestUri, parse),
        SipParseError.Unterminated => SipVerdict.Respond(400, SipReasons.Unterminated, parse),

        // A malformed SIP-Version is plain syntax; a well-formed foreign one (SIP/7.0) parses and gets 505 later.
        _ => SipVerdict.Respond(400, SipReasons.BadRequestLine, parse),
    };

    private static string ControlCharacterReason(SipMessage into)
    {
        // Error path only: locate the header again to name it.
        ReadOnlySpan<byte> buffer = into.Buffer.Span;
        SipControlCharacters.Classify(buffer, into.ControlCharacterOffset, out SipRange name);
        return SipReasons.ControlCharacterIn(name.Slice(buffer));
    }

    private static SipVerdict InspectResponse(SipParseResult parse, SipMessage message)
    {
        if (parse.Status != SipParseStatus.Complete)
        {
            return SipVerdict.Drop(SipReasons.DropMalformedResponse, parse);
        }

        if (!message.IsSip20)
        {
            return SipVerdict.Drop(SipReasons.DropBadVersionResponse, parse);
        }

        if (!message.TryGetTopVia(out SipVia via) || !via.HasWellFormedParameters || !AllViasValid(message)
            || message.Count(SipHeaderName.CallId) != 1 || message.CallId.IndexOfAny(" \t\r\n"u8) >= 0
            || !message.TryGetCSeq(out uint cseq, out _, out _) || cseq > int.MaxValue
            || message.Count(SipHeaderName.From) != 1 || !NameAddr.TryParse(message.FirstValue(SipHeaderName.From), out _)
            || message.Count(SipHeaderName.To) != 1 || !NameAddr.TryParse(message.FirstValue(SipHeaderName.To), out _))
        {
            return SipVerdict.Drop(SipReasons.DropMalformedResponse, parse);
        }

        // RFC 4475 bcast: forwarding such a response would hit a broadcast address.
        foreach (ReadOnlySpan<byte> v in message.Values(SipHeaderName.Via))
        {
            if (SipVia.TryParse(v, out SipVia hop) && hop.Host.SequenceEqual("255.255.255.255"u8))
            {
                return SipVerdict.Drop(SipReasons.DropBroadcastVia, parse);
            }
        }

        return SipVerdict.Process(parse);
    }

    private static bool AllViasValid(SipMessage message)
    {
        foreach (ReadOnlySpan<byte> v in message.Values(SipHeaderName.Via))
        {
            if (!SipVia.TryParse(v, out SipVia via) || !via.HasWellFormedParameters)
            {
                return false;
            }
        }

        return true;
    }

    private static string? CheckMandatoryHeaders(SipMessage m, SipFraming framing)
    {
        string? problem = CheckNameAddr(m, SipHeaderName.From, SipReasons.MissingFrom, SipReasons.MultipleFrom, SipReasons.BadFrom)
            ?? CheckNameAddr(m, SipHeaderName.To, SipReasons.MissingTo, SipReasons.MultipleTo, SipReasons.BadTo);
        if (problem is not null)
        {
            return problem;
        }

        switch (m.Count(SipHeaderName.CallId))
        {
            case 0: return SipReasons.MissingCallId;
            case > 1: return SipReasons.MultipleCallId;
        }

        if (m.CallId.IsEmpty || m.CallId.IndexOfAny(" \t\r\n"u8) >= 0)
        {
            return SipReasons.BadCallId;
        }

        switch (m.Count(SipHeaderName.CSeq))
        {
            case 0: return SipReasons.MissingCSeq;
            case > 1: return SipReasons.MultipleCSeq;
        }

        // The sequence number must be below 2^31 (RFC 3261 §8.1.1.5).
        if (!m.TryGetCSeq(out uint number, out _, out ReadOnlySpan<byte> cseqMethod) || number > int.MaxValue)
        {
            return SipReasons.BadCSeq;
        }

        if (!cseqMethod.SequenceEqual(m.MethodName))
        {
            return SipReasons.CSeqMethodMismatch;
        }

        if (m.IndexOf(SipHeaderName.MaxForwards) >= 0 && (m.Count(SipHeaderName.MaxForwards) != 1 || !m.TryGetMaxForwards(out _)))
        {
            return SipReasons.BadMaxForwards;
        }

        if (framing == SipFraming.Stream && m.ContentLength < 0)
        {
            return SipReasons.MissingContentLength;
        }

        foreach (ReadOnlySpan<byte> contact in m.Values(SipHeaderName.Contact))
        {
            if (!contact.SequenceEqual("*"u8) && !NameAddr.TryParse(contact, out _))
            {
                return SipReasons.BadContact;
            }
        }

        return null;
    }

    private static string? CheckNameAddr(SipMessage m, SipHeaderName name, string missing, string multiple, string bad)
    {
        switch (m.Count(name))
        {
            case 0: return missing;
            case > 1: return multiple;
        }

        ReadOnlySpan<byte> value = m.FirstValue(name);
        if (NameAddr.TryParse(value, out _))
        {
            return null;
        }

        // "a, b" where both parse is two values in a single-valued header (RFC 4475 multi01); anything else,
        // such as an unquoted comma in a display name (baddn), is simply malformed.
        int elements = 0;
        foreach (ReadOnlySpan<byte> element in new SipHeaderValues(value))
        {
            if (!NameAddr.TryParse(element, out _))
            {
                return bad;
            }

            elements++;
        }

        return elements > 1 ? multiple : bad;
    }

    private static string? FindUnsupported(SipMessage m, IReadOnlySet<string>? supported)
    {
        if (m.IndexOf(SipHeaderName.Require) < 0 && m.IndexOf(SipHeaderName.ProxyRequire) < 0)
        {
            return null;
        }

        // Cold path: a request that requires extensions; allocating here is fine.
        List<string>? unsupported = null;
        Collect(m.Values(SipHeaderName.Require), supported, ref unsupported);
        Collect(m.Values(SipHeaderName.ProxyRequire), supported, ref unsupported);
        return unsupported is null ? null : string.Join(", ", unsupported);
    }

    private static void Collect(SipMultiHeaderValues values, IReadOnlySet<string>? supported, ref List<string>? unsupported)
    {
        foreach (ReadOnlySpan<byte> option in values)
        {
            if (option.IsEmpty)
            {
                continue;
            }

            string tag = Encoding.ASCII.GetString(option);
            if ((supported is null || !supported.Contains(tag)) && !(unsupported?.Contains(tag) ?? false))
            {
                (unsupported ??= []).Add(tag);
            }
        }
    }
}
