namespace Cluster.Edge.Sip;

/// <summary>
/// Re-serialises a parsed message for forwarding, with a small set of proxy edits. Untouched parts are copied
/// byte for byte from the original buffer, so parse-then-write without edits reproduces the input exactly.
/// Reusable: <see cref="Begin"/> clears previous edits; steady state allocates nothing. Edit methods return
/// false on out-of-range indices rather than throwing.
/// </summary>
public sealed class SipMessageWriter
{
    private SipMessage? _message;
    private bool[] _removed = new bool[32];
    private ReadOnlyMemory<byte>[] _values = new ReadOnlyMemory<byte>[32];
    private bool[] _replaced = new bool[32];
    private (int Before, ReadOnlyMemory<byte> Line)[] _inserts = new (int, ReadOnlyMemory<byte>)[8];
    private int _insertCount;
    private ReadOnlyMemory<byte> _requestUri;
    private bool _hasRequestUri;
    private ReadOnlyMemory<byte> _body;
    private bool _hasBody;

    /// <summary>Starts editing <paramref name="message"/>; the message must stay unchanged until written.</summary>
    public void Begin(SipMessage message)
    {
        _message = message;
        int n = message.HeaderCount;
        if (_removed.Length < n)
        {
            _removed = new bool[n];
            _values = new ReadOnlyMemory<byte>[n];
            _replaced = new bool[n];
        }

        Array.Clear(_removed, 0, n);
        Array.Clear(_replaced, 0, n);
        Array.Clear(_values, 0, n);
        Array.Clear(_inserts, 0, _insertCount);
        _insertCount = 0;
        _hasRequestUri = _hasBody = false;
        _requestUri = _body = default;
    }

    public bool ReplaceRequestUri(ReadOnlyMemory<byte> uri)
    {
        if (_message is not { IsRequest: true })
        {
            return false;
        }

        _requestUri = uri;
        _hasRequestUri = true;
        return true;
    }

    public bool RemoveHeader(int index)
    {
        if (!InRange(index))
        {
            return false;
        }

        _removed[index] = true;
        return true;
    }

    /// <summary>Replaces the value of header <paramref name="index"/>, keeping the name and separator as written.</summary>
    public bool ReplaceHeaderValue(int index, ReadOnlyMemory<byte> value)
    {
        if (!InRange(index))
        {
            return false;
        }

        _values[index] = value;
        _replaced[index] = true;
        return true;
    }

    /// <summary>
    /// Inserts a complete header line (<c>Name: value\r\n</c>) before header <paramref name="beforeIndex"/>;
    /// HeaderCount appends after the last header. Several inserts at one position keep their call order.
    /// </summary>
    public bool InsertHeaderLine(int beforeIndex, ReadOnlyMemory<byte> line)
    {
        if (_message is null || (uint)beforeIndex > (uint)_message.HeaderCount)
        {
            return false;
        }

        if (_insertCount == _inserts.Length)
        {
            Array.Resize(ref _inserts, _inserts.Length * 2);
        }

        _inserts[_insertCount++] = (beforeIndex, line);
        return true;
    }

    /// <summary>Inserts above every existing header, e.g. a proxy's own Via (RFC 3261 §16.6 step 8).</summary>
    public bool InsertHeaderLineAtTop(ReadOnlyMemory<byte> line) => InsertHeaderLine(0, line);

    /// <summary>Replaces the body; Content-Length is rewritten (or added) to match unless its value was replaced explicitly.</summary>
    public bool ReplaceBody(ReadOnlyMemory<byte> body)
    {
        if (_message is null)
        {
            return false;
        }

        _body = body;
        _hasBody = true;
        return true;
    }

    /// <summary>An upper bound on the bytes <see cref="Write"/> needs.</summary>
    public int MaxLength()
    {
        if (_message is null)
        {
            return 0;
        }

        long n = _message.Buffer.Length + _requestUri.Length + _body.Length + 32;
        for (int i = 0; i < _insertCount; i++)
        {
            n += _inserts[i].Line.Length;
        }

        for (int i = 0; i < _message.HeaderCount; i++)
        {
            n += _values[i].Length;
        }

        return (int)Math.Min(n, int.MaxValue);
    }

    /// <summary>Writes the edited message; returns bytes written or -1 when the destination is too small.</summary>
    public int Write(Span<byte> destination)
    {
        if (_message is null)
        {
            return -1;
        }

        SipMessage m = _message;
        ReadOnlySpan<byte> buffer = m.Buffer.Span;
        var w = new SipSpanWriter(destination);
        SipRange startLine = m.StartLineRange;
        if (_hasRequestUri)
        {
            SipRange uri = m.RequestUriRange;
            w.Write(buffer[..uri.Offset]);
            w.Write(_requestUri.Span);
            w.Write(buffer[uri.End..startLine.End]);
        }
        else
        {
            w.Write(buffer[..startLine.End]);
        }

        int headerCount = m.HeaderCount;
        int terminatorEnd = headerCount == 0 ? LineEnd(buffer, startLine.End) : m.Entry(0).Line.Offset;
        int headersEnd = headerCount == 0 ? terminatorEnd : m.Entry(headerCount - 1).Line.End;
        w.Write(buffer[startLine.End..terminatorEnd]);

        int contentLength = m.IndexOf(SipHeaderName.ContentLength);
        bool lengthWritten = false;
        for (int i = 0; i < headerCount; i++)
        {
            WriteInserts(ref w, i);
            if (_removed[i])
            {
                continue;
            }

            ref readonly SipHeaderEntry h = ref m.Entry(i);
            if (_replaced[i])
            {
                WriteValue(ref w, buffer, in h, _values[i].Span, -1);
            }
            else if (_hasBody && i == contentLength && !lengthWritten)
            {
                WriteValue(ref w, buffer, in h, default, _body.Length);
                lengthWritten = true;
            }
            else
            {
                w.Write(h.Line.Slice(buffer));
            }
        }

        WriteInserts(ref w, headerCount);
        if (_hasBody && !lengthWritten && (contentLength < 0 || _removed[contentLength]))
        {
            w.Write("Content-Length: "u8);
            w.Write(_body.Length);
            w.Write("\r\n"u8);
        }

        // The blank line as written (CRLF or bare LF), then the body.
        w.Write(buffer[headersEnd..m.BodyRange.Offset]);
        w.Write(_hasBody ? _body.Span : m.Body);
        return w.Result;
    }

    /// <summary>Copies the parsed message unchanged (equivalent to Begin + Write with no edits).</summary>
    public static int WriteUnmodified(SipMessage message, Span<byte> destination)
    {
        ReadOnlySpan<byte> bytes = message.Buffer.Span;
        return bytes.TryCopyTo(destination) ? bytes.Length : -1;
    }

    private void WriteInserts(ref SipSpanWriter w, int before)
    {
        for (int k = 0; k < _insertCount; k++)
        {
            if (_inserts[k].Before == before)
            {
                w.Write(_inserts[k].Line.Span);
            }
        }
    }

    private static void WriteValue(ref SipSpanWriter w, ReadOnlySpan<byte> buffer, in SipHeaderEntry h, ReadOnlySpan<byte> value, int number)
    {
        // Name and separator as written, the new value, then the original line terminator.
        w.Write(buffer[h.Line.Offset..h.Value.Offset]);
        if (number >= 0)
        {
            w.Write(number);
        }
        else
        {
            w.Write(value);
        }

        w.Write(h.Line.Slice(buffer)[^1] == '\n' && h.Line.Length > 1 && buffer[h.Line.End - 2] == '\r' ? "\r\n"u8 : "\n"u8);
    }

    private static int LineEnd(ReadOnlySpan<byte> buffer, int from)
    {
        int lf = buffer[from..].IndexOf((byte)'\n');
        return lf < 0 ? buffer.Length : from + lf + 1;
    }

    private bool InRange(int index) => _message is not null && (uint)index < (uint)_message.HeaderCount;
}
