namespace Cluster.Edge.Sip;

/// <summary>
/// A parsed SIP message: the buffer plus an index of (offset, length) ranges into it. Reusable: one instance per
/// connection or worker is filled by <see cref="SipParser.Parse"/> again and again, so steady-state parsing
/// allocates nothing. Spans returned here are valid while the buffer is.
/// </summary>
public sealed partial class SipMessage
{
    private const int InitialHeaderCapacity = 32;
    private static readonly int _knownNameCount = Enum.GetValues<SipHeaderName>().Length;

    private SipHeaderEntry[] _headers = new SipHeaderEntry[InitialHeaderCapacity];

    // First index of each known header name, so the mandatory-header accessors are O(1).
    private readonly short[] _firstIndex = new short[_knownNameCount];
    private int _headerCount;
    private SipRange _startLine;
    private SipRange _methodName;
    private SipRange _requestUri;
    private SipRange _version;
    private SipRange _reason;
    private SipRange _body;

    public SipMessage()
    {
        Reset();
    }

    /// <summary>The message bytes (start line through body); ranges are relative to this.</summary>
    public ReadOnlyMemory<byte> Buffer { get; private set; }

    public bool IsRequest { get; private set; }

    public SipMethod Method { get; private set; }

    public int StatusCode { get; private set; }

    /// <summary>Content-Length value, or -1 when the header is absent (or unparseable).</summary>
    public int ContentLength { get; private set; }

    /// <summary>True once the empty line ending the header section was seen.</summary>
    public bool HeadersComplete { get; private set; }

    public int HeaderCount => _headerCount;

    /// <summary>
    /// Offset of the first control character the header section may not hold (<see cref="SipControlCharacters"/>),
    /// or -1. Lets a stateless answer leave such bytes out instead of echoing them.
    /// </summary>
    public int ControlCharacterOffset { get; private set; }

    public ReadOnlySpan<byte> MethodName => _methodName.Slice(Buffer.Span);

    public ReadOnlySpan<byte> RequestUri => _requestUri.Slice(Buffer.Span);

    public ReadOnlySpan<byte> Version => _version.Slice(Buffer.Span);

    public ReadOnlySpan<byte> ReasonPhrase => _reason.Slice(Buffer.Span);

    public ReadOnlySpan<byte> Body => _body.Slice(Buffer.Span);

    /// <summary>Start line without its line terminator.</summary>
    public ReadOnlySpan<byte> StartLine => _startLine.Slice(Buffer.Span);

    public SipRange StartLineRange => _startLine;

    public SipRange RequestUriRange => _requestUri;

    public SipRange BodyRange => _body;

    /// <summary>True when the version is exactly SIP/2.0 (case-insensitive, RFC 3261 §7.1).</summary>
    public bool IsSip20 => System.Text.Ascii.EqualsIgnoreCase(Version, "SIP/2.0"u8);

    public SipHeader Header(int index)
    {
        // Out-of-range indices yield an empty Unknown header rather than throwing: callers iterate untrusted counts.
        if ((uint)index >= (uint)_headerCount)
        {
            return new SipHeader(default, default);
        }

        return new SipHeader(Buffer.Span, _headers[index]);
    }

    public int IndexOf(SipHeaderName name, int startAt = 0)
    {
        if (startAt <= 0)
        {
            return (uint)name < (uint)_firstIndex.Length ? _firstIndex[(int)name] : -1;
        }

        for (int i = startAt; i < _headerCount; i++)
        {
            if (_headers[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Number of header lines with this name.</summary>
    public int Count(SipHeaderName name)
    {
        int n = 0;
        for (int i = IndexOf(name); i >= 0; i = IndexOf(name, i + 1))
        {
            n++;
        }

        return n;
    }

    /// <summary>Value of the first header with this name, or empty.</summary>
    public ReadOnlySpan<byte> FirstValue(SipHeaderName name)
    {
        int i = IndexOf(name);
        return i < 0 ? default : _headers[i].Value.Slice(Buffer.Span);
    }

    /// <summary>All comma-separated elements of every header with this name, in order.</summary>
    public SipMultiHeaderValues Values(SipHeaderName name) => new(this, name);

    public void Reset()
    {
        Buffer = default;
        IsRequest = false;
        Method = SipMethod.Unknown;
        StatusCode = 0;
        ContentLength = -1;
        HeadersComplete = false;
        ControlCharacterOffset = -1;
        _headerCount = 0;
        _startLine = _methodName = _requestUri = _version = _reason = _body = default;
        _firstIndex.AsSpan().Fill(-1);
    }

    internal ref readonly SipHeaderEntry Entry(int index) => ref _headers[index];

    internal void SetBuffer(ReadOnlyMemory<byte> buffer) => Buffer = buffer;

    internal void SetRequestLine(SipRange line, SipRange method, SipRange uri, SipRange version, SipMethod kind)
    {
        IsRequest = true;
        _startLine = line;
        _methodName = method;
        _requestUri = uri;
        _version = version;
        Method = kind;
    }

    internal void SetStatusLine(SipRange line, SipRange version, int statusCode, SipRange reason)
    {
        IsRequest = false;
        _startLine = line;
        _version = version;
        StatusCode = statusCode;
        _reason = reason;
    }

    internal void SetStartLine(SipRange line) => _startLine = line;

    internal void SetBody(SipRange body) => _body = body;

    internal void SetContentLength(int value) => ContentLength = value;

    internal void SetHeadersComplete() => HeadersComplete = true;

    internal void SetControlCharacter(int offset) => ControlCharacterOffset = offset;

    /// <summary>Appends to the index; the caller has already enforced the header cap.</summary>
    internal void AddHeader(in SipHeaderEntry entry)
    {
        if (_headerCount == _headers.Length)
        {
            // Grows at most a few times per SipMessage lifetime (bounded by MaxHeaders), then is reused.
            Array.Resize(ref _headers, _headers.Length * 2);
        }

        if (_firstIndex[(int)entry.Name] < 0)
        {
            _firstIndex[(int)entry.Name] = (short)_headerCount;
        }

        _headers[_headerCount++] = entry;
    }
}
