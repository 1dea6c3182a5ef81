namespace Cluster.Edge.Sip;

/// <summary>
/// Enumerates <c>;name[=value]</c> parameters (RFC 3261 generic-param) without allocating. Linear whitespace around
/// ';' and '=' is tolerated, as are quoted-string values. Anything that is not a parameter stops the enumeration
/// and sets <see cref="IsMalformed"/>, so callers can be lenient (skip) or strict (reject).
/// </summary>
public ref struct SipParameters
{
    private readonly ReadOnlySpan<byte> _text;
    private int _pos;

    public SipParameters(ReadOnlySpan<byte> text)
    {
        _text = text;
        _pos = 0;
        Current = default;
        IsMalformed = false;
    }

    public SipParameter Current { get; private set; }

    /// <summary>Set once the text held something other than well-formed parameters (e.g. <c>;;</c> or junk).</summary>
    public bool IsMalformed { get; private set; }

    public readonly SipParameters GetEnumerator() => this;

    public bool MoveNext()
    {
        int i = SipBytes.SkipWs(_text, _pos);
        if (i >= _text.Length)
        {
            _pos = i;
            return false;
        }

        if (_text[i] != ';')
        {
            return Fail();
        }

        int start = i;
        i = SipBytes.SkipWs(_text, i + 1);
        int nameStart = i;
        i = SipBytes.TokenEnd(_text, i);
        if (i == nameStart)
        {
            return Fail();
        }

        var name = _text[nameStart..i];
        int afterName = i;
        i = SipBytes.SkipWs(_text, i);
        if (i < _text.Length && _text[i] == '=')
        {
            i = SipBytes.SkipWs(_text, i + 1);
            int valueStart = i;
            if (i < _text.Length && _text[i] == '"')
            {
                i = SipBytes.QuotedStringEnd(_text, i);
                if (i < 0)
                {
                    return Fail();
                }
            }
            else
            {
                // token / host (IPv6 references included): anything up to whitespace, ';' or ','.
                while (i < _text.Length && !SipBytes.IsWs(_text[i]) && _text[i] is not ((byte)';' or (byte)',' or (byte)'"'))
                {
                    i++;
                }

                if (i == valueStart)
                {
                    return Fail();
                }
            }

            Current = new SipParameter(name, _text[valueStart..i], true, start, i);
        }
        else
        {
            Current = new SipParameter(name, default, false, start, afterName);
            i = afterName;
        }

        _pos = i;
        return true;
    }

    /// <summary>Finds a parameter by case-insensitive name.</summary>
    public static bool TryFind(ReadOnlySpan<byte> text, ReadOnlySpan<byte> name, out SipParameter parameter)
    {
        foreach (SipParameter p in new SipParameters(text))
        {
            if (System.Text.Ascii.EqualsIgnoreCase(p.Name, name))
            {
                parameter = p;
                return true;
            }
        }

        parameter = default;
        return false;
    }

    /// <summary>True when the whole text is a sequence of well-formed parameters.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> text)
    {
        var e = new SipParameters(text);
        while (e.MoveNext())
        {
        }

        return !e.IsMalformed;
    }

    private bool Fail()
    {
        IsMalformed = true;
        _pos = _text.Length;
        return false;
    }
}
