namespace Cluster.Edge.Sip;

/// <summary>
/// Enumerates comma-separated elements of one header value (RFC 3261 §7.3.1) without allocating. Commas inside
/// quoted strings and &lt;...&gt; do not split. Elements are trimmed; empty elements between commas are yielded
/// (so validators can reject <c>a,,b</c>), but an entirely empty value yields nothing.
/// </summary>
public ref struct SipHeaderValues
{
    private readonly ReadOnlySpan<byte> _value;
    private int _next;
    private ReadOnlySpan<byte> _current;
    private int _currentOffset;

    public SipHeaderValues(ReadOnlySpan<byte> value)
    {
        _value = SipBytes.Trim(value).Length == 0 ? default : value;
        _next = 0;
        _current = default;
        _currentOffset = 0;
    }

    public readonly ReadOnlySpan<byte> Current => _current;

    /// <summary>Offset of <see cref="Current"/> within the enumerated value.</summary>
    public readonly int CurrentOffset => _currentOffset;

    /// <summary>Offset just after <see cref="Current"/> within the enumerated value.</summary>
    public readonly int CurrentEnd => _currentOffset + _current.Length;

    public readonly SipHeaderValues GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_next > _value.Length || _value.IsEmpty)
        {
            return false;
        }

        int comma = SipBytes.IndexOfUnquoted(_value, (byte)',', _next);
        int end = comma < 0 ? _value.Length : comma;
        int start = _next;
        while (start < end && SipBytes.IsWs(_value[start]))
        {
            start++;
        }

        int stop = end;
        while (stop > start && SipBytes.IsWs(_value[stop - 1]))
        {
            stop--;
        }

        _current = _value[start..stop];
        _currentOffset = start;
        _next = end + 1;
        return true;
    }
}
