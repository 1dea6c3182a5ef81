namespace Cluster.Edge.Sip;

/// <summary>Typed accessors for the headers every transaction needs; each parses lazily from the index.</summary>
public sealed partial class SipMessage
{
    /// <summary>Call-ID value (trimmed), or empty when missing.</summary>
    public ReadOnlySpan<byte> CallId => FirstValue(SipHeaderName.CallId);

    public ReadOnlySpan<byte> UserAgent => FirstValue(SipHeaderName.UserAgent);

    /// <summary>tag parameter of From, or empty.</summary>
    public ReadOnlySpan<byte> FromTag => TagOf(SipHeaderName.From);

    /// <summary>tag parameter of To, or empty (an out-of-dialog request has none).</summary>
    public ReadOnlySpan<byte> ToTag => TagOf(SipHeaderName.To);

    /// <summary>The first via-parm of the first Via header (the hop that sent this message to us).</summary>
    public bool TryGetTopVia(out SipVia via)
    {
        int i = IndexOf(SipHeaderName.Via);
        if (i >= 0)
        {
            var values = new SipHeaderValues(_headers[i].Value.Slice(Buffer.Span));
            if (values.MoveNext())
            {
                return SipVia.TryParse(values.Current, out via);
            }
        }

        via = default;
        return false;
    }

    /// <summary>CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number must fit 32 bits.</summary>
    public bool TryGetCSeq(out uint number, out SipMethod method, out ReadOnlySpan<byte> methodName)
    {
        number = 0;
        method = SipMethod.Unknown;
        methodName = default;
        ReadOnlySpan<byte> v = FirstValue(SipHeaderName.CSeq);
        int digitsEnd = 0;
        while (digitsEnd < v.Length && SipBytes.IsDigit(v[digitsEnd]))
        {
            digitsEnd++;
        }

        if (digitsEnd == 0 || !SipBytes.TryParseUInt(v[..digitsEnd], uint.MaxValue, out ulong n))
        {
            return false;
        }

        int m = SipBytes.SkipWs(v, digitsEnd);
        if (m == digitsEnd)
        {
            return false;
        }

        int mEnd = SipBytes.TokenEnd(v, m);
        if (mEnd == m || SipBytes.SkipWs(v, mEnd) != v.Length)
        {
            return false;
        }

        number = (uint)n;
        methodName = v[m..mEnd];
        method = SipMethods.Lookup(methodName);
        return true;
    }

    /// <summary>Max-Forwards as 0..255; false when absent or malformed.</summary>
    public bool TryGetMaxForwards(out int hops)
    {
        int i = IndexOf(SipHeaderName.MaxForwards);
        if (i < 0)
        {
            hops = 0;
            return false;
        }

        return SipBytes.TryParseInt(_headers[i].Value.Slice(Buffer.Span), 255, out hops);
    }

    private ReadOnlySpan<byte> TagOf(SipHeaderName name)
    {
        return NameAddr.TryParse(FirstValue(name), out NameAddr addr) ? addr.Tag : default;
    }
}
