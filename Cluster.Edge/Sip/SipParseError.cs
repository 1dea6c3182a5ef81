namespace Cluster.Edge.Sip;

/// <summary>Why a parse was rejected. Rejections are values, never exceptions.</summary>
public enum SipParseError
{
    None,

    /// <summary>Nothing but CRLF keep-alive octets (RFC 5626 §4.4.1) in a datagram.</summary>
    Empty,

    /// <summary>The first line does not look like SIP at all (binary noise, HTTP, ...).</summary>
    NotSip,

    /// <summary>The line looks like SIP but its layout is wrong (extra spaces, bad status code, ...).</summary>
    BadStartLine,

    /// <summary>The SIP-Version token is not <c>SIP/digits.digits</c>.</summary>
    BadVersion,

    /// <summary>The Request-URI is empty or contains whitespace or control characters.</summary>
    BadRequestUri,

    /// <summary>A logical line exceeded <see cref="SipParserLimits.MaxHeaderLineBytes"/>.</summary>
    HeaderLineTooLong,

    /// <summary>More than <see cref="SipParserLimits.MaxHeaders"/> header lines.</summary>
    TooManyHeaders,

    /// <summary>The message is, or declares itself, larger than <see cref="SipParserLimits.MaxMessageBytes"/>.</summary>
    MessageTooLarge,

    /// <summary>A header line without a token name or colon, or a stray continuation line.</summary>
    BadHeaderLine,

    /// <summary>Content-Length is not a decimal number, overflows, or appears twice with different values.</summary>
    BadContentLength,

    /// <summary>Datagram framing: the body is shorter than Content-Length (RFC 3261 §18.3).</summary>
    BodyTruncated,

    /// <summary>Datagram framing: the header section never ends with an empty line.</summary>
    Unterminated,

    /// <summary>A control character (RFC 3261 §25: below 0x20 but HTAB, a CR not ending a line, DEL) in the start line.</summary>
    ControlCharacterInStartLine,

    /// <summary>A control character before a header line's colon.</summary>
    ControlCharacterInHeaderName,

    /// <summary>A control character in a header value, outside any quoted-pair.</summary>
    ControlCharacterInHeaderValue,
}
