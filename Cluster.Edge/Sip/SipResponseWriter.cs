using System.Net;

namespace Cluster.Edge.Sip;

/// <summary>
/// Builds a stateless response to a parsed request (RFC 3261 §8.2.6): the Via, From, To, Call-ID and CSeq lines
/// are copied verbatim from the request, except that the top Via gets received/rport (RFC 3581) and To gets a tag.
/// A line holding a control character the grammar forbids is left out: the answer to a broken request is itself
/// well-formed, and the bytes that made it broken are never sent back.
/// </summary>
public static class SipResponseWriter
{
    /// <summary>Writes the response; returns bytes written or -1 when <paramref name="destination"/> is too small.</summary>
    public static int Write(
        SipMessage request, int statusCode, ReadOnlySpan<byte> reasonPhrase, IPEndPoint source,
        ReadOnlySpan<byte> toTag, ReadOnlySpan<byte> extraHeaderLines, Span<byte> destination) =>
        Write(request, statusCode, reasonPhrase, source, toTag, extraHeaderLines, default, destination);

    /// <summary>As above, with a body (a B2BUA's answer carrying the other leg's SDP).</summary>
    public static int Write(
        SipMessage request, int statusCode, ReadOnlySpan<byte> reasonPhrase, IPEndPoint source,
        ReadOnlySpan<byte> toTag, ReadOnlySpan<byte> extraHeaderLines, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var w = new SipSpanWriter(destination);
        ReadOnlySpan<byte> buffer = request.Buffer.Span;
        w.Write("SIP/2.0 "u8);
        w.Write(Math.Clamp(statusCode, 100, 699));
        w.Write(" "u8);
        w.Write(reasonPhrase);
        w.Write("\r\n"u8);

        bool first = true;
        for (int i = request.IndexOf(SipHeaderName.Via); i >= 0; i = request.IndexOf(SipHeaderName.Via, i + 1))
        {
            ref readonly SipHeaderEntry via = ref request.Entry(i);
            if (!Echoable(request, in via))
            {
                continue;
            }

            if (first)
            {
                WriteTopVia(ref w, buffer, in via, source);
                first = false;
            }
            else
            {
                w.Write(via.Line.Slice(buffer));
            }
        }

        WriteFirst(ref w, request, SipHeaderName.From);
        int to = request.IndexOf(SipHeaderName.To);
        if (to >= 0 && Echoable(request, in request.Entry(to)))
        {
            ref readonly SipHeaderEntry entry = ref request.Entry(to);
            if (statusCode > 100 && !toTag.IsEmpty && request.ToTag.IsEmpty)
            {
                // Everything up to the end of the trimmed value, then the tag, dropping trailing whitespace.
                w.Write(buffer[entry.Line.Offset..entry.Value.End]);
                w.Write(";tag="u8);
                w.Write(toTag);
                w.Write("\r\n"u8);
            }
            else
            {
                w.Write(entry.Line.Slice(buffer));
            }
        }

        WriteFirst(ref w, request, SipHeaderName.CallId);
        WriteFirst(ref w, request, SipHeaderName.CSeq);
        w.Write(extraHeaderLines);
        w.Write("Content-Length: "u8);
        w.Write(body.Length);
        w.Write("\r\n\r\n"u8);
        w.Write(body);
        return w.Result;
    }

    /// <summary>
    /// Writes the response a <see cref="SipVerdictAction.Respond"/> verdict asks for: its status, reason phrase and
    /// optional extra header line, encoded on the stack so the error path allocates nothing either.
    /// </summary>
    public static int Write(SipMessage request, in SipVerdict verdict, IPEndPoint source, ReadOnlySpan<byte> toTag, Span<byte> destination)
    {
        string extra = verdict.ExtraHeaderLine ?? string.Empty;
        if (verdict.ReasonPhrase.Length + extra.Length > 2048)
        {
            return -1;
        }

        Span<byte> scratch = stackalloc byte[(verdict.ReasonPhrase.Length + extra.Length) * 3 + 2];
        int reasonLength = System.Text.Encoding.UTF8.GetBytes(verdict.ReasonPhrase, scratch);
        Span<byte> extraLine = scratch[reasonLength..];
        int extraLength = 0;
        if (extra.Length > 0)
        {
            extraLength = System.Text.Encoding.UTF8.GetBytes(extra, extraLine);
            extraLine[extraLength++] = (byte)'\r';
            extraLine[extraLength++] = (byte)'\n';
        }

        return Write(request, verdict.StatusCode, scratch[..reasonLength], source, toTag, extraLine[..extraLength], destination);
    }

    private static void WriteFirst(ref SipSpanWriter w, SipMessage request, SipHeaderName name)
    {
        int i = request.IndexOf(name);
        if (i >= 0 && Echoable(request, in request.Entry(i)))
        {
            w.Write(request.Entry(i).Line.Slice(request.Buffer.Span));
        }
    }

    /// <summary>Clean requests (every request that passed inspection) skip the scan entirely.</summary>
    private static bool Echoable(SipMessage request, in SipHeaderEntry header) =>
        request.ControlCharacterOffset < 0
        || SipControlCharacters.IndexOfForbidden(request.Buffer.Span[..header.Line.End], header.Line.Offset) < 0;

    private static void WriteTopVia(ref SipSpanWriter w, ReadOnlySpan<byte> buffer, in SipHeaderEntry header, IPEndPoint source)
    {
        ReadOnlySpan<byte> value = header.Value.Slice(buffer);
        var values = new SipHeaderValues(value);
        if (!values.MoveNext() || !SipVia.TryParse(values.Current, out SipVia via))
        {
            w.Write(header.Line.Slice(buffer));
            return;
        }

        IPAddress address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        bool addReceived = via.HasRport || !SipHost.TryParseAddress(via.Host, out IPAddress? sentBy) || !address.Equals(sentBy);

        // "Via: " prefix as written, then the rewritten top via-parm, then any further via-parms verbatim.
        w.Write(buffer[header.Line.Offset..header.Value.Offset]);
        ReadOnlySpan<byte> element = values.Current;
        w.Write(element[..via.ParametersOffset]);
        if (!via.HasWellFormedParameters)
        {
            // Do not guess at junk: keep it verbatim and only append what RFC 3581 requires.
            w.Write(element[via.ParametersOffset..]);
        }
        else
        {
            ReadOnlySpan<byte> parameters = element[via.ParametersOffset..];
            foreach (SipParameter p in new SipParameters(parameters))
            {
                if (System.Text.Ascii.EqualsIgnoreCase(p.Name, "rport"u8) && !p.HasValue)
                {
                    w.Write(";rport="u8);
                    w.Write(source.Port);
                }
                else if (!(addReceived && System.Text.Ascii.EqualsIgnoreCase(p.Name, "received"u8)))
                {
                    w.Write(parameters[p.Start..p.End]);
                }
            }
        }

        if (addReceived)
        {
            w.Write(";received="u8);
            w.Write(address);
        }

        w.Write(value[values.CurrentEnd..]);
        w.Write("\r\n"u8);
    }
}
