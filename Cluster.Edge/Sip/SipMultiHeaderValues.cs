namespace Cluster.Edge.Sip;

/// <summary>
/// Enumerates the comma-separated elements of every header with one name, in message order, without allocating
/// (e.g. all Via hops whether they were written as several lines or one comma list).
/// </summary>
public ref struct SipMultiHeaderValues
{
    private readonly SipMessage _message;
    private readonly SipHeaderName _name;
    private int _index;
    private SipHeaderValues _inner;

    internal SipMultiHeaderValues(SipMessage message, SipHeaderName name)
    {
        _message = message;
        _name = name;
        _index = -1;
        _inner = default;
    }

    public readonly ReadOnlySpan<byte> Current => _inner.Current;

    /// <summary>Index of the header line the current element came from.</summary>
    public readonly int HeaderIndex => _index;

    public readonly SipMultiHeaderValues GetEnumerator() => this;

    public bool MoveNext()
    {
        while (true)
        {
            if (_index >= 0 && _inner.MoveNext())
            {
                return true;
            }

            _index = _message.IndexOf(_name, _index + 1);
            if (_index < 0)
            {
                _index = int.MaxValue - 1;
                return false;
            }

            _inner = _message.Header(_index).Values;
        }
    }
}
