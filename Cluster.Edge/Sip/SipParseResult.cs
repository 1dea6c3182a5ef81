namespace Cluster.Edge.Sip;

/// <summary>
/// Result of <see cref="SipParser.Parse"/>. <see cref="Consumed"/> is the number of input bytes that belong to
/// the message (including skipped leading CRLF keep-alives). For <see cref="SipParseStatus.Incomplete"/> it is the
/// count of leading keep-alive bytes the caller may discard. For <see cref="SipParseStatus.Invalid"/> it is the
/// message length when framing is still known (a stream can respond and continue), or 0 when it is not (a stream
/// must be closed).
/// </summary>
public readonly struct SipParseResult(SipParseStatus status, int consumed, SipParseError error)
{
    public SipParseStatus Status { get; } = status;

    public int Consumed { get; } = consumed;

    public SipParseError Error { get; } = error;

    public bool IsComplete => Status == SipParseStatus.Complete;

    public override string ToString() => $"{Status} consumed={Consumed} error={Error}";
}
