namespace Cluster.Edge.Sip;

/// <summary>
/// The inspector's decision. For <see cref="SipVerdictAction.Respond"/>, <see cref="StatusCode"/>,
/// <see cref="ReasonPhrase"/> and optionally <see cref="ExtraHeaderLine"/> describe the stateless answer.
/// For <see cref="SipVerdictAction.Drop"/>, <see cref="DropReason"/> is a constant snake_case metric label.
/// </summary>
public readonly struct SipVerdict
{
    public SipVerdict(SipVerdictAction action, int statusCode, string reasonPhrase, string? extraHeaderLine, string dropReason, SipParseResult parse)
    {
        Action = action;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        ExtraHeaderLine = extraHeaderLine;
        DropReason = dropReason;
        Parse = parse;
    }

    public SipVerdictAction Action { get; }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    /// <summary>One header line without CRLF, e.g. <c>Unsupported: foo</c>, or null.</summary>
    public string? ExtraHeaderLine { get; }

    public string DropReason { get; }

    /// <summary>The underlying parse result: Consumed for stream framing, Incomplete when more bytes are needed.</summary>
    public SipParseResult Parse { get; }

    /// <summary>Stream framing only: the message boundary is lost, so the connection must be closed after acting.</summary>
    public bool MustCloseStream => Parse.Status == SipParseStatus.Invalid && Parse.Consumed == 0;

    public static SipVerdict Process(SipParseResult parse) => new(SipVerdictAction.Process, 0, string.Empty, null, string.Empty, parse);

    public static SipVerdict Drop(string reason, SipParseResult parse) => new(SipVerdictAction.Drop, 0, string.Empty, null, reason, parse);

    public static SipVerdict Respond(int status, string reason, SipParseResult parse, string? extraHeaderLine = null) =>
        new(SipVerdictAction.Respond, status, reason, extraHeaderLine, string.Empty, parse);

    public override string ToString() => Action switch
    {
        SipVerdictAction.Respond => $"Respond {StatusCode} {ReasonPhrase}" + (ExtraHeaderLine is null ? string.Empty : $" [{ExtraHeaderLine}]"),
        SipVerdictAction.Drop => $"Drop {DropReason}",
        _ => "Process",
    };
}
