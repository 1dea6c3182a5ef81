namespace Cluster.Edge.Auth;

/// <summary>
/// Where one auth-param value sits in the header bytes: the inside of a quoted-string (quotes
/// excluded) or the token. Stored instead of a copy so parsing allocates nothing.
/// </summary>
internal readonly struct DigestParamRange
{
    private readonly ushort _start;
    private readonly ushort _length;
    private readonly byte _flags;

    private const byte PresentFlag = 1;
    private const byte EscapedFlag = 2;

    public DigestParamRange(int start, int length, bool escaped)
    {
        _start = (ushort)start;
        _length = (ushort)length;
        _flags = (byte)(PresentFlag | (escaped ? EscapedFlag : 0));
    }

    /// <summary>The parameter appeared (possibly with an empty value).</summary>
    public bool IsPresent => (_flags & PresentFlag) != 0;

    /// <summary>The raw value contains quoted-pair escapes; use <see cref="DigestText.Unescape"/> before comparing.</summary>
    public bool HasEscapes => (_flags & EscapedFlag) != 0;

    public int Start => _start;

    public int Length => _length;

    /// <summary>
    /// The raw value bytes (escapes not removed). Empty, not an exception, if given a header value
    /// other than the one parsed and too short for the range.
    /// </summary>
    public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> headerValue)
        => _start + _length <= headerValue.Length ? headerValue.Slice(_start, _length) : default;
}
