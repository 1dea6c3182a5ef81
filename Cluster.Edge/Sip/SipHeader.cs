namespace Cluster.Edge.Sip;

/// <summary>A view of one indexed header. Spans point into the message buffer and live as long as it does.</summary>
public readonly ref struct SipHeader
{
    private readonly ReadOnlySpan<byte> _buffer;

    internal SipHeader(ReadOnlySpan<byte> buffer, SipHeaderEntry entry)
    {
        _buffer = buffer;
        Name = entry.Name;
        LineRange = entry.Line;
        NameRange = entry.RawName;
        ValueRange = entry.Value;
    }

    public SipHeaderName Name { get; }

    public SipRange LineRange { get; }

    public SipRange NameRange { get; }

    public SipRange ValueRange { get; }

    /// <summary>The name as written, e.g. <c>v</c> or <c>VIA</c>.</summary>
    public ReadOnlySpan<byte> RawName => NameRange.Slice(_buffer);

    /// <summary>The value as written, trimmed; may contain folded CRLF + whitespace.</summary>
    public ReadOnlySpan<byte> Value => ValueRange.Slice(_buffer);

    /// <summary>The whole raw line including continuation lines and the terminating CRLF.</summary>
    public ReadOnlySpan<byte> RawLine => LineRange.Slice(_buffer);

    /// <summary>Comma-separated elements of the value (for Via, Route, Record-Route, Contact, ...).</summary>
    public SipHeaderValues Values => new(Value);
}
