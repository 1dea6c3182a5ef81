namespace Cluster.Edge.Sip;

/// <summary>Constant reason phrases and drop labels, so verdicts never allocate strings.</summary>
public static class SipReasons
{
    public const string BadRequest = "Bad Request";
    public const string BadRequestLine = "Bad Request-Line";
    public const string BadRequestUri = "Bad Request-URI";
    public const string BadHeaderLine = "Bad Header Line";
    public const string HeaderLineTooLong = "Header Line Too Long";
    public const string TooManyHeaders = "Too Many Headers";
    public const string MessageTooLarge = "Message Too Large";
    public const string Unterminated = "Unterminated Header Section";
    public const string BadVia = "Bad Via";
    public const string MissingFrom = "Missing From";
    public const string BadFrom = "Bad From";
    public const string MultipleFrom = "Multiple From";
    public const string MissingTo = "Missing To";
    public const string BadTo = "Bad To";
    public const string MultipleTo = "Multiple To";
    public const string MissingCallId = "Missing Call-ID";
    public const string BadCallId = "Bad Call-ID";
    public const string MultipleCallId = "Multiple Call-ID";
    public const string MissingCSeq = "Missing CSeq";
    public const string BadCSeq = "Bad CSeq";
    public const string MultipleCSeq = "Multiple CSeq";
    public const string CSeqMethodMismatch = "CSeq Method Mismatch";
    public const string BadMaxForwards = "Bad Max-Forwards";
    public const string BadContentLength = "Bad Content-Length";
    public const string MissingContentLength = "Missing Content-Length";
    public const string ContentLengthExceedsBody = "Content-Length Exceeds Body";
    public const string BadContact = "Bad Contact";
    public const string VersionNotSupported = "Version Not Supported";
    public const string UnsupportedUriScheme = "Unsupported URI Scheme";
    public const string BadExtension = "Bad Extension";
    public const string TooManyHops = "Too Many Hops";
    public const string ControlCharacterInRequestLine = "Control Character in Request-Line";
    public const string ControlCharacterInHeaderName = "Control Character in Header Name";
    public const string ControlCharacterInHeaderValue = "Control Character in Header Value";

    /// <summary>The reason naming the header whose value holds a control character, e.g. "Control Character in Subject Value".</summary>
    public static string ControlCharacterIn(ReadOnlySpan<byte> headerName) =>
        headerName.IsEmpty || headerName.Length > MaxNamedHeaderLength
            ? ControlCharacterInHeaderValue
            : "Control Character in " + System.Text.Encoding.ASCII.GetString(headerName) + " Value";

    // A name is a token (no CR, LF or control character), so echoing it is safe; a long one would only bloat the line.
    private const int MaxNamedHeaderLength = 48;

    public const string DropNotSip = "not_sip";
    public const string DropKeepAlive = "keepalive";
    public const string DropIncomplete = "incomplete";
    public const string DropNoVia = "no_via";
    public const string DropMalformedResponse = "malformed_response";
    public const string DropBadVersionResponse = "bad_version_response";
    public const string DropBroadcastVia = "broadcast_via";
    public const string DropTooLarge = "too_large";
    public const string DropInvalidAck = "invalid_ack";
}
