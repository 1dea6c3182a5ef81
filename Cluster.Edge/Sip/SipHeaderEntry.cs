namespace Cluster.Edge.Sip;

/// <summary>One slot of the header index: ranges into the message buffer, never copies of the bytes.</summary>
internal readonly struct SipHeaderEntry(SipHeaderName name, SipRange line, SipRange rawName, SipRange value)
{
    public readonly SipHeaderName Name = name;

    /// <summary>The whole logical line including continuation lines and the final line terminator.</summary>
    public readonly SipRange Line = line;

    public readonly SipRange RawName = rawName;

    /// <summary>The value with surrounding whitespace trimmed; interior folding is kept as written.</summary>
    public readonly SipRange Value = value;
}
