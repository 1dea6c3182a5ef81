namespace Cluster.Edge.Sip;

/// <summary>
/// One via-parm (RFC 3261 §20.42): <c>SIP/2.0/UDP host[:port];params</c>. LWS is allowed around '/' and ':'
/// (RFC 4475 wsinv). Spans point into the message buffer.
/// </summary>
public readonly ref struct SipVia
{
    /// <summary>The whole via-parm as written.</summary>
    public ReadOnlySpan<byte> Value { get; init; }

    public ReadOnlySpan<byte> ProtocolName { get; init; }

    public ReadOnlySpan<byte> ProtocolVersion { get; init; }

    /// <summary>Transport token, e.g. UDP, TCP, TLS, SCTP, WS.</summary>
    public ReadOnlySpan<byte> Transport { get; init; }

    /// <summary>Host as written; IPv6 keeps its brackets (<c>[2001:db8::1]</c>).</summary>
    public ReadOnlySpan<byte> Host { get; init; }

    /// <summary>sent-by port, or 0 when absent.</summary>
    public int Port { get; init; }

    /// <summary>Offset of the parameter section (its first ';') within <see cref="Value"/>; Value.Length if none.</summary>
    public int ParametersOffset { get; init; }

    public ReadOnlySpan<byte> Parameters => Value[ParametersOffset..];

    public ReadOnlySpan<byte> Branch { get; init; }

    public bool HasRport { get; init; }

    /// <summary>rport value, or 0 when absent or empty (RFC 3581 request form).</summary>
    public int Rport { get; init; }

    public ReadOnlySpan<byte> Received { get; init; }

    public ReadOnlySpan<byte> Maddr { get; init; }

    /// <summary>ttl parameter, or -1 when absent.</summary>
    public int Ttl { get; init; }

    /// <summary>False when the parameter section holds junk such as <c>;;</c> or a bad port/ttl/received.</summary>
    public bool HasWellFormedParameters { get; init; }

    /// <summary>True when the transport is one the response must go back over on the same connection.</summary>
    public bool IsReliableTransport => !System.Text.Ascii.EqualsIgnoreCase(Transport, "UDP"u8);

    /// <summary>
    /// Parses sent-protocol and sent-by strictly (a response cannot be routed without them) and parameters
    /// leniently: malformed parameters clear <see cref="HasWellFormedParameters"/> instead of failing.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out SipVia via)
    {
        via = default;
        int i = SipBytes.SkipWs(value, 0);
        if (!Token(value, ref i, out SipRange name) || !Slash(value, ref i)
            || !Token(value, ref i, out SipRange version) || !Slash(value, ref i)
            || !Token(value, ref i, out SipRange transport))
        {
            return false;
        }

        int hostStart = SipBytes.SkipWs(value, i);
        if (hostStart == i || hostStart >= value.Length)
        {
            return false;
        }

        int hostEnd;
        if (value[hostStart] == '[')
        {
            int close = value[hostStart..].IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }

            hostEnd = hostStart + close + 1;
        }
        else
        {
            hostEnd = hostStart;
            while (hostEnd < value.Length && (SipBytes.IsAlphaNum(value[hostEnd]) || value[hostEnd] is (byte)'.' or (byte)'-' or (byte)'_'))
            {
                hostEnd++;
            }
        }

        var host = value[hostStart..hostEnd];
        if (!SipHost.IsValid(host))
        {
            return false;
        }

        int port = 0;
        i = SipBytes.SkipWs(value, hostEnd);
        if (i < value.Length && value[i] == ':')
        {
            int portStart = SipBytes.SkipWs(value, i + 1);
            int portEnd = portStart;
            while (portEnd < value.Length && SipBytes.IsDigit(value[portEnd]))
            {
                portEnd++;
            }

            if (!SipBytes.TryParseInt(value[portStart..portEnd], 65535, out port) || port == 0)
            {
                return false;
            }

            i = SipBytes.SkipWs(value, portEnd);
        }

        if (i < value.Length && value[i] != ';')
        {
            return false;
        }

        via = ParseParameters(value, i) with
        {
            Value = value,
            ProtocolName = name.Slice(value),
            ProtocolVersion = version.Slice(value),
            Transport = transport.Slice(value),
            Host = host,
            Port = port,
            ParametersOffset = i,
        };
        return true;
    }

    private static SipVia ParseParameters(ReadOnlySpan<byte> value, int offset)
    {
        ReadOnlySpan<byte> branch = default, received = default, maddr = default;
        bool hasRport = false;
        int rport = 0, ttl = -1;
        bool ok = true;
        var e = new SipParameters(value[offset..]);
        while (e.MoveNext())
        {
            SipParameter p = e.Current;
            if (System.Text.Ascii.EqualsIgnoreCase(p.Name, "branch"u8))
            {
                branch = p.Value;
                ok &= p.HasValue;
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(p.Name, "rport"u8))
            {
                hasRport = true;
                ok &= !p.HasValue || (SipBytes.TryParseInt(p.Value, 65535, out rport) && rport > 0);
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(p.Name, "received"u8))
            {
                received = p.Value;
                ok &= SipHost.TryParseAddressSyntax(p.Value);
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(p.Name, "maddr"u8))
            {
                maddr = p.Value;
                ok &= SipHost.IsValid(p.Value);
            }
            else if (System.Text.Ascii.EqualsIgnoreCase(p.Name, "ttl"u8))
            {
                ok &= SipBytes.TryParseInt(p.Value, 255, out ttl);
            }
        }

        return new SipVia
        {
            Branch = branch,
            HasRport = hasRport,
            Rport = rport,
            Received = received,
            Maddr = maddr,
            Ttl = ttl,
            HasWellFormedParameters = ok && !e.IsMalformed,
        };
    }

    private static bool Token(ReadOnlySpan<byte> s, ref int i, out SipRange token)
    {
        int start = SipBytes.SkipWs(s, i);
        int end = SipBytes.TokenEnd(s, start);
        token = new SipRange(start, end - start);
        i = end;
        return end > start;
    }

    private static bool Slash(ReadOnlySpan<byte> s, ref int i)
    {
        int j = SipBytes.SkipWs(s, i);
        if (j < s.Length && s[j] == '/')
        {
            i = j + 1;
            return true;
        }

        return false;
    }
}
