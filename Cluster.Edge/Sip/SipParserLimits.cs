namespace Cluster.Edge.Sip;

/// <summary>
/// Hard caps the parser enforces before it trusts any length field in a message, so a hostile peer
/// cannot make the edge buffer or index unbounded data. Immutable after construction in spirit:
/// setters validate so a bad configuration fails at startup, not on the hot path.
/// </summary>
public sealed class SipParserLimits
{
    /// <summary>Shared instance with the defaults below.</summary>
    public static readonly SipParserLimits Default = new();

    private int _maxMessageBytes = 65536;
    private int _maxHeaders = 128;
    private int _maxHeaderLineBytes = 8192;

    /// <summary>
    /// Largest whole message (start line + headers + body) accepted. Default 65536: the largest
    /// UDP datagram is 65535 bytes, and RFC 3261 §18.1.1 expects anything near the MTU to move to TCP,
    /// so larger messages are abuse rather than traffic.
    /// </summary>
    public int MaxMessageBytes
    {
        get => _maxMessageBytes;
        init => _maxMessageBytes = value is >= 64 and <= 16 * 1024 * 1024
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxMessageBytes), value, "must be between 64 and 16 MiB");
    }

    /// <summary>
    /// Largest number of header lines indexed. Default 128: real INVITEs carry 15-40 headers even
    /// after several proxies add Via/Record-Route; the cap bounds the header index memory.
    /// </summary>
    public int MaxHeaders
    {
        get => _maxHeaders;
        init => _maxHeaders = value is >= 8 and <= 4096
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxHeaders), value, "must be between 8 and 4096");
    }

    /// <summary>
    /// Longest single logical line (start line, or a header including its folded continuation lines
    /// and line terminator). Default 8192: large enough for long Route sets and Identity headers,
    /// small enough that a missing line terminator is detected quickly on a stream.
    /// </summary>
    public int MaxHeaderLineBytes
    {
        get => _maxHeaderLineBytes;
        init => _maxHeaderLineBytes = value is >= 32 and <= 1024 * 1024
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxHeaderLineBytes), value, "must be between 32 and 1 MiB");
    }
}
