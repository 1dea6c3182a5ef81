using System.Net;
using Cluster.Edge.Sip;
using FsCheck;
using FsCheck.Xunit;
using static Cluster.Tests.Sip.SipTestMessages;

namespace Cluster.Tests.Sip;

/// <summary>
/// Control-character screening against an independent, byte-at-a-time reading of the RFC 3261 §25 grammar, and
/// "no control character reaches a handler" over every insertion point of valid messages.
/// </summary>
public sealed class SipControlCharacterProperties
{
    // Bytes that decide the outcome, often: line ends, folding, quotes, escapes, colons, the controls themselves.
    private static readonly byte[] s_alphabet = [(byte)'\r', (byte)'\n', (byte)' ', (byte)'\t', (byte)'"', (byte)'\\', (byte)':', 0x00, 0x01, 0x1F, 0x7F, (byte)'a', (byte)'Z', 0xC3];

    private static readonly byte[][] s_seeds = [Bytes(Invite), Bytes(Register), Bytes(SipTestMessages.Options)];

    private static readonly IPEndPoint s_source = new(IPAddress.Parse("198.51.100.7"), 40000);

    [Property(MaxTest = 2000)]
    public bool The_vector_scan_agrees_with_the_grammar_read_byte_by_byte(byte[] picks)
    {
        // Long enough, often enough, to cross both 16- and 32-byte blocks.
        byte[] section = [.. "INVITE sip:a@b SIP/2.0\r\nSubject: "u8.ToArray(), .. (picks ?? []).Select(p => s_alphabet[p % s_alphabet.Length])];
        return SipControlCharacters.IndexOfForbidden(section) == ReferenceIndexOfForbidden(section);
    }

    [Property(MaxTest = 2000)]
    public bool The_parsers_one_pass_notes_the_same_byte_as_the_vector_scan(byte[] picks)
    {
        byte[] message = [.. "OPTIONS sip:a@b SIP/2.0\r\nX-A: "u8.ToArray(), .. (picks ?? []).Select(p => s_alphabet[p % s_alphabet.Length]), .. "\r\n\r\n"u8.ToArray()];
        var m = new SipMessage();
        var parse = SipParser.Parse(message, SipParserLimits.Default, SipFraming.Datagram, m);
        if (parse.Error is SipParseError.NotSip or SipParseError.Empty or SipParseError.HeaderLineTooLong or SipParseError.TooManyHeaders or SipParseError.MessageTooLarge)
        {
            return true;
        }

        ReadOnlySpan<byte> buffer = m.Buffer.Span;
        int expected = SipControlCharacters.IndexOfForbidden(m.HeadersComplete ? buffer[..m.BodyRange.Offset] : buffer);
        return m.ControlCharacterOffset == expected
            && (expected < 0) == (parse.Error is not (SipParseError.ControlCharacterInStartLine or SipParseError.ControlCharacterInHeaderName or SipParseError.ControlCharacterInHeaderValue));
    }

    [Property(MaxTest = 600)]
    public bool A_control_character_anywhere_in_the_header_section_never_reaches_a_handler(NonNegativeInt seed, NonNegativeInt position, NonNegativeInt pick)
    {
        byte[] valid = s_seeds[seed.Get % s_seeds.Length];
        int headerEnd = valid.AsSpan().IndexOf("\r\n\r\n"u8) + 2;

        // Position 0 would make the message noise (dropped as not SIP): every later byte of the section is fair game.
        int at = 1 + (position.Get % (headerEnd - 1));
        byte[] forbidden = [.. Enumerable.Range(0, 0x20).Where(b => b is not ('\t' or '\n')).Select(b => (byte)b), 0x7F];
        byte control = forbidden[pick.Get % forbidden.Length];
        byte[] mutated = [.. valid[..at], control, .. valid[at..]];

        foreach (SipFraming framing in new[] { SipFraming.Datagram, SipFraming.Stream })
        {
            var message = new SipMessage();
            var verdict = SipInspector.Inspect(mutated, framing, SipParserLimits.Default, null, message);
            if (verdict.Action == SipVerdictAction.Process)
            {
                return false;
            }

            if (verdict.Action == SipVerdictAction.Respond)
            {
                byte[] answer = new byte[4096];
                int n = SipResponseWriter.Write(message, in verdict, s_source, "t"u8, answer);
                if (verdict.StatusCode != 400 || !verdict.ReasonPhrase.StartsWith("Control Character in ", StringComparison.Ordinal)
                    || n <= 0 || SipControlCharacters.IndexOfForbidden(answer.AsSpan(0, n)) >= 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The grammar one byte at a time: which line we are in, whether past its colon, inside quotes, after a backslash.</summary>
    private static int ReferenceIndexOfForbidden(byte[] s)
    {
        bool startLine = true;
        bool value = false;
        bool quoted = false;
        bool escaped = false;
        for (int i = 0; i < s.Length; i++)
        {
            byte b = s[i];
            bool nextIsLf = i + 1 < s.Length && s[i + 1] == '\n';
            bool control = b < 0x20 || b == 0x7F;
            bool terminator = b == '\n' || (b == '\r' && nextIsLf);
            if (control && b != '\t' && !terminator && !(value && quoted && escaped && b != '\r'))
            {
                return i;
            }

            if (value)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == '"')
                {
                    quoted = !quoted;
                }
                else if (b == '\\' && quoted)
                {
                    escaped = true;
                }
            }
            else if (b == ':' && !startLine)
            {
                value = true;
            }

            // A line break not followed by SP or HTAB starts a new header line; otherwise the line goes on (folding).
            if (b == '\n' && !(i + 1 < s.Length && s[i + 1] is (byte)' ' or (byte)'\t'))
            {
                startLine = false;
                value = quoted = escaped = false;
            }
        }

        return -1;
    }
}
