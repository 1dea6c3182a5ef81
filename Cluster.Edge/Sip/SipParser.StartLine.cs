using System.Text;

namespace Cluster.Edge.Sip;

/// <summary>Start-line parsing (RFC 3261 §7.1 Request-Line, §7.2 Status-Line).</summary>
public static partial class SipParser
{
    private static SipParseError ParseStartLine(ReadOnlySpan<byte> s, int end, SipMessage into)
    {
        ReadOnlySpan<byte> line = s[..end];
        into.SetStartLine(new SipRange(0, end));
        if (line.Length >= 4 && Ascii.EqualsIgnoreCase(line[..4], "SIP/"u8))
        {
            return ParseStatusLine(line, into);
        }

        // Request-Line = Method SP Request-URI SP SIP-Version; exactly one SP between elements.
        int methodEnd = SipBytes.TokenEnd(line, 0);
        int lastSp = line.LastIndexOf((byte)' ');
        if (methodEnd == 0 || methodEnd >= line.Length || line[methodEnd] != ' ' || lastSp <= methodEnd)
        {
            return LooksLikeSip(line) ? SoftRequestError(line, methodEnd, into, SipParseError.BadStartLine) : SipParseError.NotSip;
        }

        ReadOnlySpan<byte> version = line[(lastSp + 1)..];
        var uriRange = new SipRange(methodEnd + 1, lastSp - methodEnd - 1);
        var versionRange = new SipRange(lastSp + 1, version.Length);
        if (version.Length < 4 || !Ascii.EqualsIgnoreCase(version[..4], "SIP/"u8))
        {
            return LooksLikeSip(line) ? SoftRequestError(line, methodEnd, into, SipParseError.BadStartLine) : SipParseError.NotSip;
        }

        var methodRange = new SipRange(0, methodEnd);
        into.SetRequestLine(new SipRange(0, end), methodRange, uriRange, versionRange, SipMethods.Lookup(line[..methodEnd]));
        if (!IsVersion(version))
        {
            return SipParseError.BadVersion;
        }

        ReadOnlySpan<byte> uri = uriRange.Slice(line);
        if (uri.IsEmpty)
        {
            return SipParseError.BadStartLine;
        }

        foreach (byte b in uri)
        {
            if (b <= ' ' || b == 0x7F)
            {
                return SipParseError.BadRequestUri;
            }
        }

        return SipParseError.None;
    }

    /// <summary>Keeps the line classified as a request (so the inspector may answer 400) while flagging it.</summary>
    private static SipParseError SoftRequestError(ReadOnlySpan<byte> line, int methodEnd, SipMessage into, SipParseError error)
    {
        var method = new SipRange(0, methodEnd);
        into.SetRequestLine(new SipRange(0, line.Length), method, default, default, SipMethods.Lookup(line[..methodEnd]));
        return error;
    }

    private static SipParseError ParseStatusLine(ReadOnlySpan<byte> line, SipMessage into)
    {
        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase; a missing reason is tolerated (RFC 4475 noreason).
        int sp = line.IndexOf((byte)' ');
        int versionEnd = sp < 0 ? line.Length : sp;
        var versionRange = new SipRange(0, versionEnd);
        into.SetStatusLine(new SipRange(0, line.Length), versionRange, 0, default);
        if (!IsVersion(line[..versionEnd]))
        {
            return SipParseError.BadVersion;
        }

        if (sp < 0 || line.Length < sp + 4)
        {
            return SipParseError.BadStartLine;
        }

        ReadOnlySpan<byte> code = line.Slice(sp + 1, 3);
        bool tail = line.Length == sp + 4 || line[sp + 4] == ' ';
        if (!tail || !SipBytes.TryParseInt(code, 999, out int status) || status < 100 || status > 699)
        {
            return SipParseError.BadStartLine;
        }

        int reasonStart = Math.Min(sp + 5, line.Length);
        foreach (byte b in line[reasonStart..])
        {
            // Reason-Phrase may hold UTF-8 and whitespace, never other control characters.
            if (b < ' ' && b != '\t')
            {
                return SipParseError.BadStartLine;
            }
        }

        into.SetStatusLine(new SipRange(0, line.Length), versionRange, status, new SipRange(reasonStart, line.Length - reasonStart));
        return SipParseError.None;
    }

    /// <summary>SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT.</summary>
    private static bool IsVersion(ReadOnlySpan<byte> v)
    {
        if (v.Length < 7 || !Ascii.EqualsIgnoreCase(v[..4], "SIP/"u8))
        {
            return false;
        }

        int dot = v.IndexOf((byte)'.');
        return dot > 4 && dot < v.Length - 1
            && v[4..dot].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
            && v[(dot + 1)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }

    /// <summary>Decides, on the error path only, whether a broken line is still SIP (answer 400) or noise (drop).</summary>
    private static bool LooksLikeSip(ReadOnlySpan<byte> line) => line.IndexOf("SIP/"u8) > 0 || Contains(line, "sip/"u8);

    private static bool Contains(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lowerNeedle)
    {
        for (int i = 0; i + lowerNeedle.Length <= s.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(s.Slice(i, lowerNeedle.Length), lowerNeedle))
            {
                return true;
            }
        }

        return false;
    }
}
